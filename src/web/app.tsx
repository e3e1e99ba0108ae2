/**
 * The page: the deployment editor on the left; the diagram, the zone-pair matrix, the rules, the
 * audit and the checks on the right. Every answer comes from the server's API.
 * @module
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ApiRequest, AuditJson, InfoJson, ModelJson, PlanJson, TargetJson } from '../server/api-types.js';
import { api, RequestError } from './api.js';
import type { Selection } from './diagram/diagram.js';
import { NO_FILTERS, type AuditStatus } from './diagram/graph.js';
import { fromSchema, fromServer, mergeProblems, type Problem, type Problems } from './editor/problems.js';
import { offsetOfField, validateText, type JsonSchema, type PathSeg } from './editor/schema.js';
import { YamlEditor, type EditorHandle } from './editor/yaml-editor.js';
import { flowKey, plural } from './format.js';
import { Audit, type RulesetFile } from './panels/audit.js';
import { Checks } from './panels/checks.js';
import { DiagramTab, type DiagramView } from './panels/diagram-tab.js';
import { Matrix } from './panels/matrix.js';
import { Rules } from './panels/rules.js';
import { downloadFile, readTextFile } from './ui/files.js';
import { Tabs } from './ui/tabs.js';

const STORAGE_KEY = 'vbrwall.deployment';
const DEBOUNCE_MS = 350;

export interface Boot {
  info: InfoJson;
  schema: JsonSchema;
  targets: TargetJson[];
  roles: Map<string, string>;
  text: string;
  /** The FILE being edited and its version, or the browser's copy. */
  file?: { name: string; version: string };
  restored: boolean;
  /** The model and plan of `text`, asked for as soon as the text is known. */
  first: Promise<[ModelJson, PlanJson]>;
}

export async function boot(): Promise<Boot> {
  const saved = readStorage();
  const example = saved === undefined ? api.example() : undefined;
  example?.catch(() => undefined);
  const [info, schema, targets, roles] = await Promise.all([api.info(), api.schema(), api.targets(), api.roles()]);
  const base = { info, schema: schema as JsonSchema, targets: targets.targets, roles: new Map(roles.roles.map((r) => [r.role, r.description])) };
  const analyse = (text: string, name: string): Promise<[ModelJson, PlanJson]> => {
    const p = Promise.all([api.model({ deployment: text, name }), api.plan({ deployment: text, name })]);
    p.catch(() => undefined);
    return p;
  };
  if (info.file) {
    const f = await api.file();
    return { ...base, text: f.text, file: { name: f.file, version: f.version }, restored: false, first: analyse(f.text, f.file) };
  }
  const text = saved ?? (await (example ?? api.example())).text;
  return { ...base, text, restored: saved !== undefined, first: analyse(text, 'deployment.yaml') };
}

function readStorage(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeStorage(text: string): void {
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    /* private mode or full: the page works without it */
  }
}

type Tab = 'diagram' | 'matrix' | 'rules' | 'audit' | 'checks';

interface Analysis {
  text: string;
  request: ApiRequest;
  model: ModelJson;
  plan: PlanJson;
}

export function Workbench({ boot: b }: { boot: Boot }) {
  performance.mark('vbrwall:workbench');
  const [text, setText] = useState(b.text);
  const [phase, setPhase] = useState<'' | 'operate' | 'deploy'>('');
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [failure, setFailure] = useState<RequestError | null>(null);
  const [problems, setProblems] = useState<Problems | undefined>();
  const [pending, setPending] = useState(true);
  const [tab, setTab] = useState<Tab>('diagram');
  const [selection, setSelection] = useState<Selection>(null);
  const [view, setView] = useState<DiagramView>({ filters: NO_FILTERS, collapsed: new Set(), mode: 'auto', labels: true });
  const [ruleset, setRuleset] = useState<RulesetFile | null>(null);
  const [auditResult, setAuditResult] = useState<AuditJson | null>(null);
  const [file, setFile] = useState(b.file ? { ...b.file, saved: b.text } : undefined);
  const [diskChanged, setDiskChanged] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const [editorWidth, setEditorWidth] = useState(() => Math.round(Math.min(540, Math.max(320, window.innerWidth * 0.3))));
  const editor = useRef<EditorHandle>();
  const first = useRef(true);
  const fileRef = useRef(file);
  fileRef.current = file;
  const dirty = file !== undefined && text !== file.saved;
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  const notify = useCallback((msg: string) => {
    setToast(msg);
    window.setTimeout(() => setToast((t) => (t === msg ? null : t)), 2600);
  }, []);

  // Analyse the text as it changes: the schema at once, the server's model and plan after a pause.
  // A layout effect: the first analysis must not wait for the editor to be built.
  useLayoutEffect(() => {
    const ctl = new AbortController();
    setPending(true);
    const delay = first.current ? 0 : DEBOUNCE_MS;
    first.current = false;
    const timer = window.setTimeout(async () => {
      performance.mark('vbrwall:analysis');
      const local = fromSchema(text, validateText(text, b.schema));
      performance.mark('vbrwall:schema-checked');
      setProblems({ text, list: local, complete: false });
      const request: ApiRequest = { deployment: text, name: file?.name ?? 'deployment.yaml', ...(phase ? { phase } : {}) };
      const prefetched = !phase && text === b.text ? b.first : undefined;
      try {
        const [model, plan] = await (prefetched ?? Promise.all([api.model(request, ctl.signal), api.plan(request, ctl.signal)]));
        if (ctl.signal.aborted) return;
        performance.mark('vbrwall:analysed');
        setAnalysis({ text, request, model, plan });
        setFailure(null);
        setProblems({ text, list: mergeProblems(fromServer(model.diagnostics), local), complete: true });
      } catch (e) {
        if ((e as Error).name === 'AbortError') return;
        const err = e instanceof RequestError ? e : new RequestError(0, 'ERROR', (e as Error).message);
        setFailure(err);
        setProblems({ text, list: mergeProblems(fromServer(err.diagnostics), local), complete: true });
      }
      setPending(false);
    }, delay);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [text, phase]);

  // Remember the deployment in this browser (not when editing a FILE: the file is the truth).
  useEffect(() => {
    if (file) return;
    const t = window.setTimeout(() => writeStorage(text), 400);
    return () => window.clearTimeout(t);
  }, [text]);

  // Follow the FILE on disk: reload when it changes and nothing is unsaved; ask otherwise.
  useEffect(() => {
    if (!b.file) return;
    const es = new EventSource('/api/events');
    es.addEventListener('file', (ev) => {
      const { version } = JSON.parse((ev as MessageEvent<string>).data) as { version: string };
      if (version === fileRef.current?.version) return;
      if (dirtyRef.current) setDiskChanged(true);
      else void reloadFile();
    });
    return () => es.close();
  }, []);

  const reloadFile = async () => {
    const f = await api.file();
    setFile({ name: f.file, version: f.version, saved: f.text });
    setDiskChanged(false);
    editor.current?.setText(f.text);
    setText(f.text);
    notify(`Reloaded ${f.file} from disk`);
  };

  const save = async (force = false) => {
    const f = fileRef.current;
    if (!f) return;
    const current = editor.current?.text() ?? text;
    try {
      const r = await api.saveFile(current, force ? undefined : f.version);
      setFile({ name: r.file, version: r.version, saved: current });
      setDiskChanged(false);
      notify(`Saved ${r.file}`);
    } catch (e) {
      if (e instanceof RequestError && e.status === 409) setDiskChanged(true);
      else notify(`Not saved: ${(e as Error).message}`);
    }
  };

  const replaceText = (t: string) => {
    editor.current?.setText(t);
    setText(t);
    setSelection(null);
  };

  const auditMap = useMemo(() => {
    if (!auditResult) return undefined;
    return new Map<string, AuditStatus>(auditResult.flows.map((f) => [flowKey(f), f.status]));
  }, [auditResult]);

  const showHost = useCallback((name: string) => {
    setSelection({ kind: 'host', name });
    setTab('diagram');
  }, []);

  const reveal = (p: Problem) => editor.current?.reveal(p.from !== undefined ? { from: p.from } : { ...(p.line !== undefined ? { line: p.line } : {}), ...(p.col !== undefined ? { col: p.col } : {}) });

  const completion = useMemo(
    () => ({
      schema: () => b.schema,
      dynamic: (path: readonly PathSeg[]) => {
        const last = path[path.length - 1];
        const model = analysisRef.current?.model;
        if (!model) return [];
        if (last === 'zone' && path[0] === 'hosts') return model.zones.map((z) => ({ label: z.name, detail: z.internet ? 'internet' : z.cidrs.join(', ') }));
        if (last === 'repository') return model.hosts.map((h) => ({ label: h.name, detail: h.roles.join(', ') }));
        return [];
      },
      describe: (v: string) => b.roles.get(v),
    }),
    [],
  );
  const analysisRef = useRef(analysis);
  analysisRef.current = analysis;

  const errors = problems?.complete ? problems.list.filter((p) => p.severity === 'error').length : 0;
  const stale = failure !== null;
  const model = analysis?.model;
  const plan = analysis?.plan;
  const request = analysis?.request;
  const effPhase = plan?.phase ?? 'operate';

  const onDrawn = useCallback((ms: number) => {
    document.documentElement.dataset.layoutMs = String(Math.round(ms));
  }, []);

  const startResize = (e: PointerEvent) => {
    const startX = e.clientX;
    const w0 = editorWidth;
    const move = (ev: PointerEvent) => setEditorWidth(Math.min(window.innerWidth - 420, Math.max(260, w0 + ev.clientX - startX)));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const openLocal = useRef<HTMLInputElement>(null);

  return (
    <div class="app" data-pending={pending ? '1' : '0'}>
      <a class="skip" href="#main-panel">
        Skip to the diagram
      </a>
      <header class="topbar">
        <div class="brand">
          <svg width="26" height="26" viewBox="0 0 26 26" aria-hidden="true">
            <rect x="1" y="1" width="24" height="24" rx="6" fill="#0b3d91" />
            <path d="M6 8h14M6 13h14M6 18h14" stroke="#7fb2ff" stroke-width="2" />
            <path d="M10 6v4M16 11v4M12 16v4" stroke="#fff" stroke-width="2" />
          </svg>
          <span class="name">vbrwall</span>
        </div>
        <div class="doc-title">
          <h1>{model?.deployment ?? 'Deployment'}</h1>
          <span class="source-badge" title={file ? `Editing ${file.name} on disk` : 'Kept in this browser'}>
            {file ? `${file.name}${dirty ? ' · unsaved' : ''}` : b.restored ? 'from this browser' : 'bundled example'}
          </span>
        </div>
        <div class={`status ${errors ? 'bad' : pending ? 'busy' : 'ok'}`} role="status" aria-live="polite" data-testid="status">
          {errors ? `${plural(errors, 'error')}` : pending ? 'checking…' : model && plan ? `valid · ${plural(model.hosts.length, 'host')} · ${plural(plan.flows.length, 'flow')}` : ''}
        </div>
        <div class="segmented" role="radiogroup" aria-label="Phase">
          {(['operate', 'deploy'] as const).map((p) => (
            <button type="button" role="radio" aria-checked={effPhase === p} key={p} onClick={() => setPhase(p)} title={p === 'operate' ? 'Steady state' : 'Initial install and upgrades: adds deploy-only flows'}>
              {p}
            </button>
          ))}
        </div>
        <span class="spacer" />
        {file ? (
          <button type="button" class="primary" disabled={!dirty} onClick={() => void save()} title="Save to the file (Ctrl-S)" data-testid="save">
            Save
          </button>
        ) : (
          <>
            <input
              ref={openLocal}
              type="file"
              accept=".yaml,.yml,text/yaml"
              class="visually-hidden"
              aria-label="Open a deployment file"
              onChange={async (e) => {
                const f = (e.target as HTMLInputElement).files?.[0];
                if (!f) return;
                try {
                  replaceText(await readTextFile(f, b.info.maxBodyBytes));
                  notify(`Opened ${f.name}`);
                } catch (err) {
                  notify((err as Error).message);
                }
                (e.target as HTMLInputElement).value = '';
              }}
            />
            <button type="button" onClick={() => openLocal.current?.click()}>
              Open…
            </button>
            <button type="button" onClick={() => downloadFile('deployment.yaml', editor.current?.text() ?? text)}>
              Download YAML
            </button>
            <button
              type="button"
              onClick={async () => {
                replaceText((await api.example()).text);
                notify('Loaded the four-zone example');
              }}
            >
              Example
            </button>
          </>
        )}
      </header>
      {diskChanged && (
        <div class="banner warning" role="alert">
          {file?.name} changed on disk while you have unsaved changes.
          <button type="button" onClick={() => void reloadFile()}>
            Load the file
          </button>
          <button type="button" onClick={() => void save(true)}>
            Keep mine and save
          </button>
        </div>
      )}
      <div class="workspace" style={{ gridTemplateColumns: `${editorWidth}px 6px 1fr` }}>
        <section class="editor-pane" aria-label="Deployment editor">
          <div class="pane-head">
            <h2>deployment.yaml</h2>
            <span class="muted">Ctrl-Space completes · hover a field for help</span>
          </div>
          <YamlEditor
            initial={b.text}
            onChange={setText}
            {...(file ? { onSave: () => void save() } : {})}
            problems={problems}
            completion={completion}
            handle={(h) => (editor.current = h)}
          />
          <ProblemList problems={problems} onReveal={reveal} />
        </section>
        <div
          class="splitter"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize the editor"
          aria-valuenow={editorWidth}
          aria-valuemin={260}
          aria-valuemax={window.innerWidth - 420}
          tabIndex={0}
          onPointerDown={startResize}
          onKeyDown={(e) => {
            if (e.key === 'ArrowLeft') setEditorWidth((w) => Math.max(260, w - 40));
            if (e.key === 'ArrowRight') setEditorWidth((w) => Math.min(window.innerWidth - 420, w + 40));
          }}
        />
        <main class="main-pane" id="main-panel">
          <Tabs<Tab>
            label="Views"
            active={tab}
            onChange={setTab}
            tabs={[
              { id: 'diagram', label: 'Diagram' },
              { id: 'matrix', label: 'Zone matrix' },
              { id: 'rules', label: 'Rules' },
              {
                id: 'audit',
                label: (
                  <>
                    Audit{auditResult ? <span class={`badge ${auditResult.flows.some((f) => f.status === 'blocked') ? 'bad' : auditResult.flows.some((f) => f.status === 'partial') ? 'warn' : 'ok'}`}>{auditResult.flows.filter((f) => f.status !== 'allowed').length}</span> : null}
                  </>
                ),
              },
              { id: 'checks', label: 'Checks' },
            ]}
          />
          {!model || !plan ? (
            <div class="empty" role="status">
              {failure ? (
                <>
                  <h2>The deployment has errors</h2>
                  <p>Fix them in the editor; they are listed under it.</p>
                </>
              ) : (
                <p>Reading the deployment…</p>
              )}
            </div>
          ) : (
            <>
              {stale && <div class="banner error slim">Showing the last valid version: the editor has {plural(errors, 'error')}.</div>}
              <div class="panel" id="panel-diagram" role="tabpanel" aria-labelledby="tab-diagram" hidden={tab !== 'diagram'}>
                <DiagramTab model={model} plan={plan} view={view} onView={setView} selection={selection} onSelect={setSelection} roles={b.roles} audit={auditMap} active={tab === 'diagram'} onDrawn={onDrawn} />
              </div>
              <div class="panel" id="panel-matrix" role="tabpanel" aria-labelledby="tab-matrix" hidden={tab !== 'matrix'}>
                {tab === 'matrix' && <Matrix model={model} flows={plan.flows} audit={auditMap} onHost={showHost} />}
              </div>
              <div class="panel" id="panel-rules" role="tabpanel" aria-labelledby="tab-rules" hidden={tab !== 'rules'}>
                <Rules request={tab === 'rules' ? request : undefined} stale={stale} targets={b.targets} hosts={model.hosts} notify={notify} />
              </div>
              <div class="panel" id="panel-audit" role="tabpanel" aria-labelledby="tab-audit" hidden={tab !== 'audit'}>
                <Audit
                  request={ruleset ? request : undefined}
                  stale={stale}
                  formats={b.info.auditFormats}
                  maxBytes={b.info.maxBodyBytes}
                  hosts={model.hosts}
                  ruleset={ruleset}
                  onRuleset={setRuleset}
                  result={auditResult}
                  onResult={setAuditResult}
                  onHost={showHost}
                />
              </div>
              <div class="panel" id="panel-checks" role="tabpanel" aria-labelledby="tab-checks" hidden={tab !== 'checks'}>
                <Checks
                  request={tab === 'checks' ? request : undefined}
                  stale={stale}
                  onField={(p) => {
                    const at = offsetOfField(editor.current?.text() ?? text, p);
                    if (at !== undefined) editor.current?.reveal({ from: at });
                  }}
                />
              </div>
            </>
          )}
        </main>
      </div>
      {toast && (
        <div class="toast" role="status">
          {toast}
        </div>
      )}
    </div>
  );
}

function ProblemList({ problems, onReveal }: { problems: Problems | undefined; onReveal: (p: Problem) => void }) {
  const list = problems?.list ?? [];
  const errors = list.filter((p) => p.severity === 'error').length;
  const warnings = list.filter((p) => p.severity === 'warning').length;
  return (
    <details class="problems" open={errors > 0} data-testid="problems">
      <summary>
        Problems
        {errors > 0 && <span class="badge bad">{errors}</span>}
        {warnings > 0 && <span class="badge warn">{warnings}</span>}
        {list.length === 0 && <span class="muted"> · none</span>}
      </summary>
      <ul>
        {list.map((p, i) => (
          <li key={i} class={`problem ${p.severity}`} data-line={p.line ?? ''} data-code={p.code}>
            <button type="button" onClick={() => onReveal(p)} disabled={p.from === undefined && p.line === undefined}>
              <span class={`sev ${p.severity}`}>{p.severity}</span>
              {p.line !== undefined && <span class="where">Ln {p.line}, Col {p.col}</span>}
              <code>{p.code}</code>
              <span class="msg">{p.message}</span>
              {p.hint && <span class="hint">{p.hint}</span>}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
