/**
 * The zone-pair matrix: rows are source zones, columns destination zones, a cell lists the flows
 * that cross. What a network firewall team reads first.
 * @module
 */
import { useMemo, useState } from 'preact/hooks';
import type { ModelJson, PlanFlowJson } from '../../server/api-types.js';
import { worst, type AuditStatus } from '../diagram/graph.js';
import { zoneColour } from '../diagram/style.js';
import { flowKey, formatPorts, plural } from '../format.js';
import { FlowList, StatusChip } from './flows.js';

interface Props {
  model: ModelJson;
  flows: readonly PlanFlowJson[];
  audit?: ReadonlyMap<string, AuditStatus> | undefined;
  onHost: (name: string) => void;
}

const PREVIEW = 4;

export function Matrix({ model, flows, audit, onHost }: Props) {
  const [cell, setCell] = useState<{ from: string; to: string } | null>(null);
  const cells = useMemo(() => {
    const m = new Map<string, PlanFlowJson[]>();
    for (const f of flows) {
      const k = `${f.fromZone}\0${f.toZone}`;
      const l = m.get(k);
      if (l) l.push(f);
      else m.set(k, [f]);
    }
    return m;
  }, [flows]);
  const zones = model.zones;
  const selected = cell ? cells.get(`${cell.from}\0${cell.to}`) ?? [] : [];
  return (
    <div class="matrix-panel">
      <div class="matrix-scroll">
        <table class="matrix" aria-label="Zone-pair matrix: rows are source zones, columns destination zones">
          <thead>
            <tr>
              <th scope="col" class="corner">
                from ↓ / to →
              </th>
              {zones.map((z, i) => (
                <th scope="col" key={z.name} class="zone-head" data-zone-col={z.name}>
                  <span class="zone-dot" aria-hidden="true">
                    <svg width="10" height="10">
                      <rect width="10" height="10" rx="2" fill={zoneColour(i, z.internet).stroke} />
                    </svg>
                  </span>
                  {z.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {zones.map((from, i) => (
              <tr key={from.name}>
                <th scope="row" class="zone-head">
                  <span class="zone-dot" aria-hidden="true">
                    <svg width="10" height="10">
                      <rect width="10" height="10" rx="2" fill={zoneColour(i, from.internet).stroke} />
                    </svg>
                  </span>
                  {from.name}
                </th>
                {zones.map((to) => {
                  const list = cells.get(`${from.name}\0${to.name}`) ?? [];
                  const st = worst(list.map((f) => audit?.get(flowKey(f))));
                  const on = cell?.from === from.name && cell.to === to.name;
                  return (
                    <td key={to.name} class={`${from.name === to.name ? 'same' : ''}${list.length ? ' has' : ''}${on ? ' on' : ''}${st ? ` status-${st}` : ''}`} data-cell={`${from.name}>${to.name}`}>
                      {list.length > 0 && (
                        <button type="button" class="cell" aria-label={`${from.name} to ${to.name}: ${plural(list.length, 'flow')}${st ? `, worst ${st}` : ''}`} aria-pressed={on} onClick={() => setCell(on ? null : { from: from.name, to: to.name })}>
                          <span class="cell-count">
                            {plural(list.length, 'flow')} <StatusChip status={st} />
                          </span>
                          {list.slice(0, PREVIEW).map((f) => (
                            <span class="cell-flow" key={flowKey(f)}>
                              {f.from} → {f.to} <span class="mono">{f.protocol} {formatPorts(f.ports)}</span>
                            </span>
                          ))}
                          {list.length > PREVIEW && <span class="cell-more">+{list.length - PREVIEW} more</span>}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted note">Cells on the diagonal stay inside one zone: they matter to host firewalls, not to the zone firewall.</p>
      </div>
      {cell && (
        <section class="details matrix-details" aria-label={`Flows from ${cell.from} to ${cell.to}`}>
          <header>
            <h2>
              {cell.from} → {cell.to}
            </h2>
            <button type="button" class="icon close" aria-label="Close" onClick={() => setCell(null)}>
              ×
            </button>
          </header>
          <FlowList flows={selected} audit={audit} onHost={onHost} />
        </section>
      )}
    </div>
  );
}
