/**
 * The diagram tab: filters (zone pair, role, feature), edge grouping and zone collapsing, the
 * diagram itself, and the details of what is selected.
 * @module
 */
import { useMemo } from 'preact/hooks';
import type { ModelJson, PlanJson } from '../../server/api-types.js';
import { Diagram, type Selection } from '../diagram/diagram.js';
import { buildViewGraph, type AuditStatus, type EdgeMode, type Filters, NO_FILTERS } from '../diagram/graph.js';
import { plural } from '../format.js';
import { Details } from './details.js';

export interface DiagramView {
  filters: Filters;
  collapsed: ReadonlySet<string>;
  mode: EdgeMode;
  labels: boolean;
}

interface Props {
  model: ModelJson;
  plan: PlanJson;
  view: DiagramView;
  onView: (v: DiagramView) => void;
  selection: Selection;
  onSelect: (s: Selection) => void;
  roles: ReadonlyMap<string, string>;
  audit?: ReadonlyMap<string, AuditStatus> | undefined;
  active: boolean;
  onDrawn?: (ms: number) => void;
}

export function DiagramTab({ model, plan, view, onView, selection, onSelect, roles, audit, active, onDrawn }: Props) {
  const graph = useMemo(() => buildViewGraph(model, plan.flows, view.filters, view.collapsed, view.mode, audit), [model, plan, view.filters, view.collapsed, view.mode, audit]);
  const usedRoles = useMemo(() => [...new Set(model.hosts.flatMap((h) => h.roles))].sort(), [model]);
  const usedFeatures = useMemo(() => [...new Set(plan.flows.flatMap((f) => f.reasons.flatMap((r) => r.features ?? [])))].sort(), [plan]);
  const set = (f: Partial<Filters>) => onView({ ...view, filters: { ...view.filters, ...f } });
  const filtered = Object.values(view.filters).some(Boolean);
  const toggleZone = (z: string) => {
    const next = new Set(view.collapsed);
    if (next.has(z)) next.delete(z);
    else next.add(z);
    onView({ ...view, collapsed: next });
  };
  const zoneOptions = model.zones.map((z) => (
    <option value={z.name} key={z.name}>
      {z.name}
    </option>
  ));
  return (
    <div class="diagram-tab">
      <div class="toolbar filters" role="toolbar" aria-label="Diagram filters">
        <label>
          From zone
          <select value={view.filters.fromZone} onChange={(e) => set({ fromZone: (e.target as HTMLSelectElement).value })} data-testid="filter-from">
            <option value="">any</option>
            {zoneOptions}
          </select>
        </label>
        <label>
          To zone
          <select value={view.filters.toZone} onChange={(e) => set({ toZone: (e.target as HTMLSelectElement).value })} data-testid="filter-to">
            <option value="">any</option>
            {zoneOptions}
          </select>
        </label>
        <label>
          Role
          <select value={view.filters.role} onChange={(e) => set({ role: (e.target as HTMLSelectElement).value })} data-testid="filter-role">
            <option value="">any</option>
            {usedRoles.map((r) => (
              <option value={r} key={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label>
          Feature
          <select value={view.filters.feature} onChange={(e) => set({ feature: (e.target as HTMLSelectElement).value })} data-testid="filter-feature">
            <option value="">any</option>
            {usedFeatures.map((f) => (
              <option value={f} key={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" class="link" onClick={() => onView({ ...view, filters: NO_FILTERS })}>
            Clear filters
          </button>
        )}
        <span class="spacer" />
        <label>
          Edges
          <select value={view.mode} onChange={(e) => onView({ ...view, mode: (e.target as HTMLSelectElement).value as EdgeMode })} data-testid="edge-mode">
            <option value="auto">auto</option>
            <option value="hosts">per host pair</option>
            <option value="zones">per zone pair</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={view.labels} onChange={(e) => onView({ ...view, labels: (e.target as HTMLInputElement).checked })} /> labels
        </label>
      </div>
      <div class="diagram-body">
        <div class="diagram-main">
          <div class="diagram-caption muted" aria-live="polite">
            {filtered ? `${plural(graph.flows.length, 'flow')} of ${plan.flows.length} match the filters` : `${plural(plan.flows.length, 'flow')}`} · {plan.phase} phase
            {graph.zoneEdges ? ' · edges per zone pair (large plan)' : ''}
            {graph.selfFlows.length ? ` · ${plural(graph.selfFlows.length, 'flow')} inside host groups not drawn` : ''}
          </div>
          <Diagram
            graph={graph}
            labels={view.labels}
            selection={selection}
            onSelect={onSelect}
            onToggleZone={toggleZone}
            onToggleAll={() => onView({ ...view, collapsed: view.collapsed.size ? new Set() : new Set(model.zones.map((z) => z.name)) })}
            anyCollapsed={view.collapsed.size > 0}
            active={active}
            {...(onDrawn ? { onDrawn } : {})}
          />
        </div>
        <aside class="side" aria-label="Details">
          <Details model={model} graph={graph} selection={selection} roles={roles} audit={audit} onSelect={onSelect} onClose={() => onSelect(null)} />
        </aside>
      </div>
    </div>
  );
}
