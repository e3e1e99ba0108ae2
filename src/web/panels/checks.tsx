/**
 * Checks: the hardening findings of `vbrwall check`, with status, evidence, what to do and the
 * section of Veeam's guidance each comes from.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiRequest, ChecksJson, FindingJson } from '../../server/api-types.js';
import { api, RequestError } from '../api.js';
import { plural, sourceLabel } from '../format.js';

const STATUS_ORDER = ['not-implemented', 'unable-to-detect', 'passed'] as const;
const STATUS_LABEL: Record<string, string> = { 'not-implemented': 'Not implemented', 'unable-to-detect': 'Unable to detect', passed: 'Passed' };
const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

interface Props {
  request: ApiRequest | undefined;
  stale: boolean;
  onField: (path: string) => void;
}

export function Checks({ request, stale, onField }: Props) {
  const [result, setResult] = useState<ChecksJson | null>(null);
  const [error, setError] = useState<RequestError | null>(null);
  const [show, setShow] = useState<'problems' | 'all'>('problems');
  useEffect(() => {
    if (!request) return;
    const ctl = new AbortController();
    const { phase: _phase, failover: _failover, ...req } = request;
    api
      .check(req, ctl.signal)
      .then((r) => {
        setResult(r);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e as RequestError);
      });
    return () => ctl.abort();
  }, [request]);

  if (error) return <div class="banner error pad" role="alert">{error.message}{error.diagnostics.length ? `: ${error.diagnostics.map((d) => `line ${d.line}: ${d.message}`).join('; ')}` : ''}</div>;
  if (!result) return <p class="muted pad">Running the checks…</p>;
  const counts = Object.fromEntries(STATUS_ORDER.map((s) => [s, result.findings.filter((f) => f.status === s && !f.suppressed).length]));
  const suppressed = result.findings.filter((f) => f.suppressed !== undefined);
  const groups = STATUS_ORDER.filter((s) => show === 'all' || s !== 'passed').map((s) => ({
    status: s,
    items: result.findings.filter((f) => f.status === s && f.suppressed === undefined).sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9)),
  }));
  return (
    <div class="checks-panel">
      <div class="toolbar" role="toolbar" aria-label="Checks">
        <div class="summary-pills" role="status">
          {STATUS_ORDER.map((s) => (
            <span class={`pill status-${s}`} key={s}>
              <strong>{counts[s]}</strong> {STATUS_LABEL[s]!.toLowerCase()}
            </span>
          ))}
          {suppressed.length > 0 && (
            <span class="pill">
              <strong>{suppressed.length}</strong> suppressed
            </span>
          )}
        </div>
        <span class="spacer" />
        <div class="segmented" role="radiogroup" aria-label="Show">
          {(['problems', 'all'] as const).map((v) => (
            <button type="button" role="radio" aria-checked={show === v} key={v} onClick={() => setShow(v)}>
              {v === 'problems' ? 'To review' : 'All checks'}
            </button>
          ))}
        </div>
      </div>
      {stale && <p class="muted pad-x">Findings of the last valid deployment: fix the errors in the editor to update them.</p>}
      <div class="findings">
        {groups.map((g) => (
          <section key={g.status} aria-label={STATUS_LABEL[g.status]}>
            <h3 class={`group-head status-${g.status}`}>
              {STATUS_LABEL[g.status]} <span class="count">{g.items.length}</span>
            </h3>
            {g.items.length === 0 && <p class="muted">None.</p>}
            {g.items.map((f) => (
              <Finding f={f} key={f.id} onField={onField} />
            ))}
          </section>
        ))}
        {suppressed.length > 0 && (
          <section aria-label="Suppressed">
            <h3 class="group-head">
              Suppressed <span class="count">{suppressed.length}</span>
            </h3>
            {suppressed.map((f) => (
              <Finding f={f} key={f.id} onField={onField} />
            ))}
          </section>
        )}
        <p class="muted note">
          {plural(result.findings.length, 'check')} from Veeam's hardening guidance and the Security &amp; Compliance Analyzer. “Unable to detect”: the file does not say; declare it under <code>security:</code>.
        </p>
      </div>
    </div>
  );
}

function Finding({ f, onField }: { f: FindingJson; onField: (path: string) => void }) {
  return (
    <article class={`finding status-${f.status}`} data-check={f.id} data-status={f.status}>
      <header>
        <span class={`sev ${f.severity}`}>{f.severity}</span>
        <h4>{f.title}</h4>
        <code class="check-id">{f.id}</code>
      </header>
      {f.suppressed !== undefined && <p class="muted">Suppressed: {f.suppressed}</p>}
      {f.evidence.length > 0 && (
        <ul class="evidence">
          {f.evidence.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      {f.status !== 'passed' && f.recommendation && (
        <p class="recommendation">
          <strong>Do:</strong> {f.recommendation}
        </p>
      )}
      <footer>
        <span class="source">{sourceLabel(f.source)}</span>
        {(f.seeAlso ?? []).map((s) => (
          <span class="source" key={sourceLabel(s)}>
            {sourceLabel(s)}
          </span>
        ))}
        {(f.fields ?? []).map((p) => (
          <button type="button" class="link mono" key={p} onClick={() => onField(p)} title="Show in the editor">
            {p}
          </button>
        ))}
      </footer>
    </article>
  );
}
