/**
 * Audit: drop a rule set, see every required flow coloured by status (here and on the diagram)
 * and what the rule set opens beyond need.
 * @module
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiRequest, AuditFlowJson, AuditJson, ModelHost } from '../../server/api-types.js';
import { api, RequestError } from '../api.js';
import { formatPorts, plural } from '../format.js';
import { readTextFile } from '../ui/files.js';
import { StatusChip } from './flows.js';

export interface RulesetFile {
  name: string;
  text: string;
}

interface Props {
  request: ApiRequest | undefined;
  stale: boolean;
  formats: string[];
  maxBytes: number;
  hosts: ModelHost[];
  ruleset: RulesetFile | null;
  onRuleset: (r: RulesetFile | null) => void;
  result: AuditJson | null;
  onResult: (r: AuditJson | null) => void;
  onHost: (name: string) => void;
}

type Show = 'problems' | 'all';

const breaks = (r: AuditJson): string[] => (Array.isArray(r.breaks) ? (r.breaks as { text?: unknown }[]).map((b) => (typeof b.text === 'string' ? b.text : '')).filter(Boolean) : []);

function rulesetInfo(r: AuditJson): string | undefined {
  const rs = r.ruleset as { format?: string; rules?: number } | undefined;
  const notAudited = Array.isArray(r.notAudited) ? r.notAudited.length : 0;
  if (!rs?.format) return undefined;
  return `${rs.format}, ${plural(rs.rules ?? 0, 'rule')}${notAudited ? ` · ${plural(notAudited, 'flow')} not audited` : ''}`;
}

export function Audit({ request, stale, formats, maxBytes, hosts, ruleset, onRuleset, result, onResult, onHost }: Props) {
  const [format, setFormat] = useState('');
  const [scope, setScope] = useState<'zone-firewall' | 'host'>('zone-firewall');
  const [host, setHost] = useState('');
  const [error, setError] = useState<RequestError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [show, setShow] = useState<Show>('problems');
  const input = useRef<HTMLInputElement>(null);
  const hostNames = useMemo(() => hosts.filter((h) => h.kind !== 'zone').map((h) => h.name), [hosts]);
  const effHost = scope === 'host' ? (hostNames.includes(host) ? host : hostNames[0] ?? '') : '';

  useEffect(() => {
    if (!request || !ruleset) return;
    const ctl = new AbortController();
    setBusy(true);
    api
      .audit({ ...request, ruleset: ruleset.text, rulesetName: ruleset.name, scope, ...(effHost ? { host: effHost } : {}), ...(format ? { format } : {}) }, ctl.signal)
      .then((r) => {
        onResult(r);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name === 'AbortError') return;
        onResult(null);
        setError(e as Error);
      })
      .finally(() => setBusy(false));
    return () => ctl.abort();
  }, [request, ruleset, format, scope, effHost]);

  const load = async (f: File | undefined) => {
    if (!f) return;
    try {
      onRuleset({ name: f.name, text: await readTextFile(f, maxBytes) });
      setError(null);
    } catch (e) {
      setError(e as Error);
    }
  };

  const flows: AuditFlowJson[] = result?.flows ?? [];
  const counts = { allowed: 0, partial: 0, blocked: 0 };
  for (const f of flows) counts[f.status]++;
  const listed = show === 'all' ? flows : flows.filter((f) => f.status !== 'allowed');
  const order = { blocked: 0, partial: 1, allowed: 2 };
  const sorted = [...listed].sort((a, b) => order[a.status] - order[b.status]);

  return (
    <div class="audit-panel">
      <div
        class={`dropzone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void load(e.dataTransfer?.files[0]);
        }}
      >
        <div>
          <strong>{ruleset ? ruleset.name : 'Drop a rule set here'}</strong>
          <p class="muted">
            {ruleset ? `${plural(ruleset.text.split('\n').length, 'line')} · every required flow is checked against it` : 'An existing firewall configuration, e.g. iptables-save or nft list ruleset output. It stays on this machine.'}
          </p>
        </div>
        <div class="drop-actions">
          <input ref={input} type="file" class="visually-hidden" aria-label="Rule set file" data-testid="ruleset-input" onChange={(e) => void load((e.target as HTMLInputElement).files?.[0])} />
          <button type="button" class="primary" onClick={() => input.current?.click()}>
            {ruleset ? 'Choose another…' : 'Choose a file…'}
          </button>
          {ruleset && (
            <button
              type="button"
              onClick={() => {
                onRuleset(null);
                onResult(null);
              }}
            >
              Clear
            </button>
          )}
        </div>
      </div>
      <div class="toolbar" role="toolbar" aria-label="Audit options">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat((e.target as HTMLSelectElement).value)}>
            <option value="">detect</option>
            {formats.map((f) => (
              <option value={f} key={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          The rule set is
          <select value={scope} onChange={(e) => setScope((e.target as HTMLSelectElement).value as 'zone-firewall' | 'host')}>
            <option value="zone-firewall">the zone firewall</option>
            <option value="host">one host's firewall</option>
          </select>
        </label>
        {scope === 'host' && (
          <label>
            Host
            <select value={effHost} onChange={(e) => setHost((e.target as HTMLSelectElement).value)}>
              {hostNames.map((h) => (
                <option value={h} key={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        )}
        <span class="spacer" />
        {result && (
          <div class="segmented" role="radiogroup" aria-label="Show">
            {(['problems', 'all'] as const).map((v) => (
              <button type="button" role="radio" aria-checked={show === v} key={v} onClick={() => setShow(v)}>
                {v === 'problems' ? 'Problems' : 'All flows'}
              </button>
            ))}
          </div>
        )}
      </div>
      {busy && <p class="muted pad-x" role="status">Auditing…</p>}
      {stale && ruleset && <p class="muted pad-x">Audit of the last valid deployment: fix the errors in the editor to update it.</p>}
      {error && (
        <div class="banner error" role="alert">
          {error.message}
          {error instanceof RequestError && error.hint ? ` (${error.hint})` : ''}
          {error instanceof RequestError && error.diagnostics.length > 0 && (
            <ul>
              {error.diagnostics.slice(0, 20).map((d, i) => (
                <li key={i}>
                  {d.line ? `line ${d.line}: ` : ''}
                  <code>{d.code}</code> {d.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {result && (
        <div class="audit-results">
          <div class="summary-pills" role="status" data-testid="audit-summary">
            {(['blocked', 'partial', 'allowed'] as const).map((s) => (
              <span class={`pill status-${s}`} key={s}>
                <strong>{counts[s]}</strong> {s}
              </span>
            ))}
            <span class="pill">
              <strong>{result.excess.length}</strong> open beyond need
            </span>
            {typeof rulesetInfo(result) === 'string' && <span class="muted ruleset-info">{rulesetInfo(result)}</span>}
          </div>
          {breaks(result).length > 0 && (
            <section aria-label="What breaks">
              <h3>
                What breaks <span class="count">{breaks(result).length}</span>
              </h3>
              <ul class="breaks">
                {breaks(result).map((b, i) => (
                  <li key={i}>{b}</li>
                ))}
              </ul>
            </section>
          )}
          <section aria-label="Required flows">
            <h3>
              Required flows <span class="count">{sorted.length}</span>
            </h3>
            {sorted.length === 0 ? (
              <p class="muted">{show === 'problems' ? 'Every required flow is allowed.' : 'No flows.'}</p>
            ) : (
              <table class="grid audit-flows">
                <thead>
                  <tr>
                    <th scope="col">Status</th>
                    <th scope="col">From</th>
                    <th scope="col">To</th>
                    <th scope="col">Ports</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.slice(0, 500).map((f, i) => (
                    <tr key={i} class={`status-${f.status}`} data-audit-flow={`${f.from}>${f.to}/${f.protocol}`} data-status={f.status}>
                      <td>
                        <StatusChip status={f.status} />
                      </td>
                      <td>
                        <button type="button" class="host-link" onClick={() => onHost(f.from)}>
                          {f.from}
                        </button>
                      </td>
                      <td>
                        <button type="button" class="host-link" onClick={() => onHost(f.to)}>
                          {f.to}
                        </button>
                      </td>
                      <td class="mono">
                        {f.protocol} {formatPorts(f.ports)}
                      </td>
                      <td class="detail">{flowDetail(f)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-label="Open beyond need">
            <h3>
              Open beyond need <span class="count">{result.excess.length}</span>
            </h3>
            {result.excess.length === 0 ? (
              <p class="muted">Nothing beyond the plan.</p>
            ) : (
              <ul class="excess">
                {result.excess.map((x, i) => (
                  <li key={i}>
                    {typeof x.severity === 'string' && <span class={`sev ${x.severity}`}>{x.severity}</span>} <span class="mono rule-ref">{x.rule}</span> {x.description}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}

type RuleRef = { rule: string; line?: number };

/** What the audit says about a flow beyond its status: what breaks, the missing ports, the deciding rules. */
function flowDetail(f: AuditFlowJson): string {
  const parts: string[] = [];
  const breaks = f.breaks as string[] | undefined;
  if (breaks?.length) parts.push(breaks[0]!);
  const missing = f.missing as { ports?: [number, number][] } | undefined;
  if (missing?.ports?.length && f.status === 'partial') parts.push(`missing ${formatPorts(missing.ports)}`);
  const blockedBy = (f.blockedBy as RuleRef[] | undefined) ?? [];
  const allowedBy = (f.allowedBy as RuleRef[] | undefined) ?? [];
  if (f.status !== 'allowed' && blockedBy.length) parts.push(`blocked by ${blockedBy.map((r) => r.rule).join(', ')}`);
  if (f.status !== 'blocked' && allowedBy.length) parts.push(`allowed by ${allowedBy.map((r) => r.rule).join(', ')}`);
  if (!parts.length && Array.isArray(f.purposes) && typeof f.purposes[0] === 'string') parts.push(f.purposes[0]);
  return parts.join(' · ');
}
