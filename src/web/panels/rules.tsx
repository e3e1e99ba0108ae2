/**
 * Rules: choose a target, a scope and a host; read the rules with highlighting, copy, download.
 * The text is exactly what `vbrwall render` writes.
 * @module
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiRequest, ModelHost, RenderJson, TargetJson } from '../../server/api-types.js';
import { api, RequestError } from '../api.js';
import { plural } from '../format.js';
import { CodeView } from './code-view.js';
import { copyText, downloadFile } from '../ui/files.js';

const KIND_LABEL: Record<string, string> = {
  host: 'Host firewalls',
  network: 'Network firewalls',
  cloud: 'Cloud',
  policy: 'Policy languages',
  document: 'Documents',
  diagram: 'Diagrams',
};

interface Props {
  request: ApiRequest | undefined;
  stale: boolean;
  targets: TargetJson[];
  hosts: ModelHost[];
  notify: (msg: string) => void;
}

export function Rules({ request, stale, targets, hosts, notify }: Props) {
  const [target, setTarget] = useState(() => (targets.some((t) => t.id === 'nftables') ? 'nftables' : targets[0]?.id ?? ''));
  const spec = targets.find((t) => t.id === target);
  const [scope, setScope] = useState<'zone-firewall' | 'host'>('zone-firewall');
  const [host, setHost] = useState('');
  const [outbound, setOutbound] = useState(false);
  const [result, setResult] = useState<RenderJson | null>(null);
  const [error, setError] = useState<RequestError | null>(null);
  const [busy, setBusy] = useState(false);
  const [fileIndex, setFileIndex] = useState(0);

  const scopes = spec?.supports.scopes ?? ['zone-firewall'];
  const effScope = scopes.includes(scope) ? scope : scopes[0]!;
  const hostNames = useMemo(() => hosts.filter((h) => h.kind !== 'zone').map((h) => h.name), [hosts]);
  const effHost = effScope === 'host' ? (hostNames.includes(host) ? host : hostNames[0] ?? '') : '';

  useEffect(() => {
    if (!request || !target) return;
    const ctl = new AbortController();
    setBusy(true);
    api
      .render({ ...request, target, scope: effScope, ...(effHost ? { host: effHost } : {}), outbound: effScope === 'host' && outbound && (spec?.supports.outbound ?? false) }, ctl.signal)
      .then((r) => {
        setResult(r);
        setError(null);
        setFileIndex((i) => (i < r.files.length ? i : 0));
      })
      .catch((e) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e as RequestError);
      })
      .finally(() => setBusy(false));
    return () => ctl.abort();
  }, [request, target, effScope, effHost, outbound]);

  const file = result?.files[fileIndex];
  const groups = useMemo(() => {
    const m = new Map<string, TargetJson[]>();
    for (const t of targets) m.set(t.kind, [...(m.get(t.kind) ?? []), t]);
    return [...m];
  }, [targets]);
  const problems = result?.diagnostics ?? [];

  return (
    <div class="rules-panel">
      <div class="toolbar" role="toolbar" aria-label="Rules options">
        <label>
          Target
          <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)} data-testid="target">
            {groups.map(([kind, list]) => (
              <optgroup label={KIND_LABEL[kind] ?? kind} key={kind}>
                {list.map((t) => (
                  <option value={t.id} key={t.id}>
                    {t.title} ({t.id})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          Scope
          <select value={effScope} onChange={(e) => setScope((e.target as HTMLSelectElement).value as 'zone-firewall' | 'host')} data-testid="scope">
            {scopes.map((s) => (
              <option value={s} key={s}>
                {s === 'host' ? 'one host (its own firewall)' : 'zone firewall (between zones)'}
              </option>
            ))}
          </select>
        </label>
        {effScope === 'host' && (
          <label>
            Host
            <select value={effHost} onChange={(e) => setHost((e.target as HTMLSelectElement).value)} data-testid="host">
              {hostNames.map((h) => (
                <option value={h} key={h}>
                  {h}
                </option>
              ))}
            </select>
          </label>
        )}
        {effScope === 'host' && spec?.supports.outbound && (
          <label class="check">
            <input type="checkbox" checked={outbound} onChange={(e) => setOutbound((e.target as HTMLInputElement).checked)} /> outbound too
          </label>
        )}
        <span class="spacer" />
        <button
          type="button"
          disabled={!file || file.encoding !== 'utf8'}
          onClick={async () => {
            if (!file) return;
            notify((await copyText(file.content)) ? `Copied ${file.path}` : 'Copying is not allowed here; use Download');
          }}
        >
          Copy
        </button>
        <button type="button" class="primary" disabled={!file} onClick={() => file && downloadFile(file.path, file.content, file.encoding)}>
          Download
        </button>
      </div>
      {spec && (
        <p class="target-info muted">
          {spec.title}: {spec.supports.ipv6 ? 'IPv4 and IPv6' : 'IPv4 only'}, {spec.supports.fqdn ? 'FQDN objects' : 'no FQDN objects'}
          {spec.supports.outbound ? ', outbound rules' : ''}.{stale ? ' Showing the rules of the last valid deployment: fix the errors in the editor to update them.' : ''}
        </p>
      )}
      {error && (
        <div class="banner error" role="alert">
          {error.message}
          {error.hint ? ` (${error.hint})` : ''}
        </div>
      )}
      {problems.length > 0 && (
        <details class="banner warning" open={problems.some((p) => p.severity === 'error')}>
          <summary>
            {result?.partial ? `${spec?.id ?? 'this target'} cannot express ${plural(problems.filter((p) => p.severity === 'error').length, 'rule')}; they are left out and listed here, never dropped silently` : plural(problems.length, 'note')}
          </summary>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <span class={`sev ${p.severity}`}>{p.severity}</span> <code>{p.code}</code> {p.message}
                {p.hint ? <span class="muted"> · {p.hint}</span> : null}
              </li>
            ))}
          </ul>
        </details>
      )}
      {result && result.files.length > 1 && (
        <div class="file-tabs" role="tablist" aria-label="Files">
          {result.files.map((f, i) => (
            <button type="button" role="tab" aria-selected={i === fileIndex} key={f.path} onClick={() => setFileIndex(i)}>
              {f.path}
            </button>
          ))}
        </div>
      )}
      <div class={`rules-output${busy ? ' busy' : ''}`} data-file={file?.path ?? ''} data-target={result?.target ?? ''}>
        {file ? (
          file.encoding === 'utf8' ? (
            <CodeView text={file.content} label={`Rules: ${file.path}`} />
          ) : (
            <div class="binary">
              <p>
                <strong>{file.path}</strong> is a binary file ({Math.round((file.content.length * 3) / 4 / 1024)} KiB).
              </p>
              <button type="button" class="primary" onClick={() => downloadFile(file.path, file.content, file.encoding)}>
                Download {file.path}
              </button>
            </div>
          )
        ) : (
          <p class="muted pad">{busy ? 'Rendering…' : 'No rules yet.'}</p>
        )}
      </div>
    </div>
  );
}
