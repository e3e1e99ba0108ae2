/**
 * A list of flows with their purposes and sources: what the details panel, the matrix and the
 * audit show when you ask "why is this open?".
 * @module
 */
import { useState } from 'preact/hooks';
import type { PlanFlowJson } from '../../server/api-types.js';
import type { AuditStatus } from '../diagram/graph.js';
import { flowKey, formatPorts, plural, sourceLabel } from '../format.js';

const PAGE = 100;

export function StatusChip({ status }: { status: AuditStatus | undefined }) {
  if (!status) return null;
  return <span class={`chip status-${status}`}>{status}</span>;
}

interface Props {
  flows: readonly PlanFlowJson[];
  audit?: ReadonlyMap<string, AuditStatus> | undefined;
  /** Which end to name: both (default), or only the other end of a host's flows. */
  perspective?: { host: string };
  onHost?: (name: string) => void;
}

export function FlowList({ flows, audit, perspective, onHost }: Props) {
  const [shown, setShown] = useState(PAGE);
  if (!flows.length) return <p class="muted">No flows.</p>;
  return (
    <ul class="flow-list">
      {flows.slice(0, shown).map((f) => {
        const st = audit?.get(flowKey(f));
        const out = perspective ? f.from === perspective.host : undefined;
        const other = out === undefined ? undefined : out ? f.to : f.from;
        return (
          <li key={flowKey(f)} class={`flow${st ? ` status-${st}` : ''}`} data-flow={flowKey(f)}>
            <details>
              <summary>
                <span class="flow-ends">
                  {other !== undefined ? (
                    <>
                      <span class="dir" aria-label={out ? 'to' : 'from'}>{out ? '→' : '←'}</span> <HostLink name={other} onHost={onHost} />
                    </>
                  ) : (
                    <>
                      <HostLink name={f.from} onHost={onHost} /> <span class="dir">→</span> <HostLink name={f.to} onHost={onHost} />
                    </>
                  )}
                </span>
                <span class="flow-ports">
                  {f.protocol} {formatPorts(f.ports)}
                </span>
                <StatusChip status={st} />
              </summary>
              <div class="flow-body">
                <div class="flow-meta">
                  {f.fromZone} → {f.toZone}
                  {f.failoverPorts.length > 0 && <> · failover only: {formatPorts(f.failoverPorts)}</>}
                  {f.deployOnlyPorts.length > 0 && <> · deploy phase only: {formatPorts(f.deployOnlyPorts)}</>}
                </div>
                <ul class="reasons">
                  {f.reasons.map((r, i) => (
                    <li key={i}>
                      <div class="purpose">
                        <span class="ports">{formatPorts(r.ports)}</span> {r.purpose}
                      </div>
                      <div class="reason-meta">
                        {r.features?.length ? <span class="tag">feature: {r.features.join(', ')}</span> : null}
                        {r.phase === 'deploy' ? <span class="tag">deploy phase</span> : null}
                        {r.failoverPorts.length ? <span class="tag">failover {formatPorts(r.failoverPorts)}</span> : null}
                        {r.dynamic ? <span class="tag">dynamic port</span> : null}
                        {r.sources.map((s) => (
                          <span class="source" key={sourceLabel(s)}>
                            {sourceLabel(s)}
                          </span>
                        ))}
                      </div>
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          </li>
        );
      })}
      {flows.length > shown && (
        <li class="more">
          <button type="button" class="link" onClick={() => setShown(shown + PAGE * 5)}>
            Show {Math.min(PAGE * 5, flows.length - shown)} more of {plural(flows.length - shown, 'flow')}
          </button>
        </li>
      )}
    </ul>
  );
}

function HostLink({ name, onHost }: { name: string; onHost?: ((name: string) => void) | undefined }) {
  if (!onHost) return <strong>{name}</strong>;
  return (
    <button
      type="button"
      class="host-link"
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        onHost(name);
      }}
    >
      {name}
    </button>
  );
}
