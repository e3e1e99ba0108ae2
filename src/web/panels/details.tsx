/**
 * The side panel of the diagram: what is selected (a host, an edge, a zone) and its flows, or a
 * summary and the legend when nothing is.
 * @module
 */
import type { ModelJson, PlanFlowJson } from '../../server/api-types.js';
import type { Selection } from '../diagram/diagram.js';
import { worst, type AuditStatus, type ViewGraph } from '../diagram/graph.js';
import { ROLE_KIND_COLOUR, ROLE_KIND_LABEL, STATUS_COLOUR, type RoleKind } from '../diagram/style.js';
import { flowKey, plural } from '../format.js';
import { FlowList, StatusChip } from './flows.js';

interface Props {
  model: ModelJson;
  graph: ViewGraph;
  selection: Selection;
  roles: ReadonlyMap<string, string>;
  audit?: ReadonlyMap<string, AuditStatus> | undefined;
  onSelect: (s: Selection) => void;
  onClose: () => void;
}

export function Details({ model, graph, selection, roles, audit, onSelect, onClose }: Props) {
  const onHost = (name: string) => onSelect({ kind: 'host', name });
  const close = (
    <button type="button" class="icon close" aria-label="Close details" title="Close (Esc)" onClick={onClose}>
      ×
    </button>
  );
  if (selection?.kind === 'host') {
    const h = model.hosts.find((x) => x.name === selection.name);
    if (!h) return <Summary model={model} graph={graph} audit={audit} />;
    const out = graph.flows.filter((f) => f.from === h.name);
    const inc = graph.flows.filter((f) => f.to === h.name && f.from !== h.name);
    return (
      <section class="details" aria-label={`Host ${h.name}`} data-details-host={h.name}>
        <header>
          <h2>{h.name}</h2>
          {close}
        </header>
        <dl class="facts">
          <dt>Zone</dt>
          <dd>{h.zone}</dd>
          <dt>{h.kind === 'group' ? 'Prefixes' : h.fqdn ? 'Name' : 'Address'}</dt>
          <dd class="mono">{h.fqdn ?? (h.addresses.join(', ') || (h.kind === 'zone' ? `any address in ${h.zone}` : '—'))}</dd>
          {h.os && (
            <>
              <dt>OS</dt>
              <dd>{h.os}</dd>
            </>
          )}
          <dt>Roles</dt>
          <dd>
            <ul class="roles">
              {h.roles.map((r) => (
                <li key={r}>
                  <span class="mono">{r}</span>
                  {roles.get(r) && <span class="muted"> · {roles.get(r)}</span>}
                </li>
              ))}
            </ul>
          </dd>
        </dl>
        <h3>
          Outbound <span class="count">{out.length}</span> <StatusChip status={worst(out.map((f) => audit?.get(flowKey(f))))} />
        </h3>
        <FlowList flows={out} audit={audit} perspective={{ host: h.name }} onHost={onHost} />
        <h3>
          Inbound <span class="count">{inc.length}</span> <StatusChip status={worst(inc.map((f) => audit?.get(flowKey(f))))} />
        </h3>
        <FlowList flows={inc} audit={audit} perspective={{ host: h.name }} onHost={onHost} />
      </section>
    );
  }
  if (selection?.kind === 'edge') {
    const e = selection.edge;
    const name = (id: string) => (id.startsWith('z') ? graph.zones.find((z) => z.id === id)?.name : graph.zones.flatMap((z) => z.hosts).find((h) => h.id === id)?.name) ?? id;
    return (
      <section class="details" aria-label="Flows of the edge" data-details-edge={e.id}>
        <header>
          <h2>
            {name(e.from)} {e.both ? '⇄' : '→'} {name(e.to)}
          </h2>
          {close}
        </header>
        <p class="muted">
          {plural(e.flows.length, 'flow')}
          {e.aggregate ? ' between zones' : ''} · {e.label} <StatusChip status={e.status} />
        </p>
        <FlowList flows={e.flows} audit={audit} onHost={onHost} />
      </section>
    );
  }
  if (selection?.kind === 'zone') {
    const z = model.zones.find((x) => x.name === selection.name);
    const flows = graph.flows.filter((f) => f.fromZone === selection.name || f.toZone === selection.name);
    return (
      <section class="details" aria-label={`Zone ${selection.name}`}>
        <header>
          <h2>Zone {selection.name}</h2>
          {close}
        </header>
        <p class="mono">{z?.internet ? 'internet: any address in no other zone' : z?.cidrs.join(', ')}</p>
        <h3>Hosts</h3>
        <ul class="chips">
          {model.hosts
            .filter((h) => h.zone === selection.name)
            .map((h) => (
              <li key={h.name}>
                <button type="button" class="host-link" onClick={() => onHost(h.name)}>
                  {h.name}
                </button>
              </li>
            ))}
        </ul>
        <h3>
          Flows <span class="count">{flows.length}</span>
        </h3>
        <FlowList flows={flows} audit={audit} onHost={onHost} />
      </section>
    );
  }
  return <Summary model={model} graph={graph} audit={audit} />;
}

function Summary({ model, graph, audit }: { model: ModelJson; graph: ViewGraph; audit?: ReadonlyMap<string, AuditStatus> | undefined }) {
  const counts = { allowed: 0, partial: 0, blocked: 0 };
  if (audit) for (const f of graph.flows) {
    const s = audit.get(flowKey(f));
    if (s) counts[s]++;
  }
  return (
    <section class="details summary" aria-label="Summary and legend">
      <header>
        <h2>{model.deployment}</h2>
      </header>
      <div class="stats">
        <div>
          <strong>{model.zones.length}</strong> zones
        </div>
        <div>
          <strong>{model.hosts.length}</strong> hosts
        </div>
        <div>
          <strong>{graph.flows.length}</strong> flows
        </div>
      </div>
      <p class="muted">
        Select a host or an edge to see its flows, with the purpose of every port and the Veeam page that documents it. Enter selects the focused box; Esc clears.
      </p>
      <h3>Roles</h3>
      <ul class="legend">
        {(Object.keys(ROLE_KIND_LABEL) as RoleKind[])
          .filter((k) => k !== 'other')
          .map((k) => (
            <li key={k}>
              <span class="swatch" data-colour={ROLE_KIND_COLOUR[k]}>
                <svg width="12" height="12" aria-hidden="true">
                  <rect width="12" height="12" rx="2" fill={ROLE_KIND_COLOUR[k]} />
                </svg>
              </span>
              {ROLE_KIND_LABEL[k]}
            </li>
          ))}
      </ul>
      <h3>Edges</h3>
      <ul class="legend">
        <li>
          <svg width="34" height="10" aria-hidden="true">
            <path d="M1,5 L26,5" stroke="#8c959f" stroke-width="1.5" marker-end="url(#arrow-default)" />
          </svg>
          one direction (label: protocol and ports)
        </li>
        <li>
          <svg width="34" height="10" aria-hidden="true">
            <path d="M8,5 L26,5" stroke="#8c959f" stroke-width="1.5" marker-end="url(#arrow-default)" marker-start="url(#arrow-default)" />
          </svg>
          both directions, same ports
        </li>
        {graph.zoneEdges && <li>Large plan: one edge per zone pair; select a host to see its own flows.</li>}
      </ul>
      {audit && (
        <>
          <h3>Audit</h3>
          <ul class="legend">
            {(['allowed', 'partial', 'blocked'] as const).map((s) => (
              <li key={s}>
                <svg width="34" height="10" aria-hidden="true">
                  <path d="M1,5 L30,5" stroke={STATUS_COLOUR[s]} stroke-width="2" stroke-dasharray={s === 'blocked' ? '6 4' : s === 'partial' ? '3 3' : undefined} />
                </svg>
                {s} <span class="count">{counts[s]}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
