/**
 * Reads a deployment file: YAML → document → schema → resolved model, collecting every problem
 * of the file with its position.
 * @module
 */
import jsyaml from 'js-yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { ROLE_NAMES } from '../catalog/roles.js';
import { FEATURES } from '../catalog/types.js';
import type { Diagnostic, Result } from '../diag/diagnostic.js';
import type { DiagCode } from '../diag/codes.js';
import { DeploymentSpec } from './schema.js';
import { CORE_LIKE_YAML } from './yaml-core.js';
import { rangeAt, type Path } from './source-map.js';
import { yaml } from './yaml-lazy.js';
import { nearest } from './suggest.js';
import { resolveDeployment } from './resolve.js';
import type { Deployment } from './types.js';

export interface Loaded {
  deployment: Deployment;
  doc: Document;
}

/** Where diagnostics about a document go: adds the file and the range of a path. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private docOrThunk: Document | (() => Document);
  constructor(
    doc: Document | (() => Document),
    readonly file: string | undefined,
  ) {
    this.docOrThunk = doc;
  }

  /** The document with positions (parsed on first use when the reporter was given a thunk). */
  get doc(): Document {
    if (typeof this.docOrThunk === 'function') this.docOrThunk = this.docOrThunk();
    return this.docOrThunk;
  }

  error(code: DiagCode, path: Path, message: string, hint?: string, part: 'value' | 'key' = 'value'): void {
    this.push('error', code, path, message, hint, part);
  }

  warn(code: DiagCode, path: Path, message: string, hint?: string, part: 'value' | 'key' = 'value'): void {
    this.push('warning', code, path, message, hint, part);
  }

  private push(severity: Diagnostic['severity'], code: DiagCode, path: Path, message: string, hint: string | undefined, part: 'value' | 'key'): void {
    const range = rangeAt(this.doc, path, part);
    this.diagnostics.push({
      code,
      severity,
      message,
      ...(this.file !== undefined ? { file: this.file } : {}),
      ...(range ? { range } : {}),
      path: [...path],
      ...(hint ? { hint } : {}),
    });
  }
}

const describeType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

function reportSchemaIssues(issues: readonly z.core.$ZodIssue[], js: unknown, rep: Reporter): void {
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const field = path.join('.') || 'the document';
    const actual = valueAt(js, path);
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const parentIsFeatures = path.length === 1 && path[0] === 'features';
          const known = knownKeys(path);
          const near = nearest(key, known);
          rep.error(
            parentIsFeatures ? 'MODEL_UNKNOWN_FEATURE' : 'MODEL_UNKNOWN_FIELD',
            [...path, key],
            parentIsFeatures ? `unknown feature '${key}'` : `unknown field '${key}' in ${field}`,
            near ? `did you mean '${near}'? Valid: ${known.join(', ')}` : `valid: ${known.join(', ')}`,
            'key',
          );
        }
        break;
      case 'invalid_value': {
        const isRole = path.length === 4 && path[0] === 'hosts' && path[2] === 'roles';
        const valid = issue.values.map(String);
        const near = nearest(String(actual), valid);
        rep.error(
          isRole ? 'MODEL_UNKNOWN_ROLE' : 'MODEL_TYPE',
          path,
          isRole ? `unknown role '${String(actual)}'` : `${field}: '${String(actual)}' is not valid`,
          isRole
            ? `${near ? `did you mean '${near}'? ` : ''}\`vbrwall roles\` lists the ${valid.length} roles`
            : `${near ? `did you mean '${near}'? ` : ''}valid: ${valid.join(', ')}`,
        );
        break;
      }
      case 'invalid_type':
        if (actual === undefined)
          rep.error('MODEL_REQUIRED', path, `${field} is required`, `add ${String(path[path.length - 1])}: (${issue.expected})`, 'key');
        else rep.error('MODEL_TYPE', path, `${field} must be ${article(issue.expected)}, not ${describeType(actual)}`);
        break;
      case 'invalid_union':
        rep.error('MODEL_TYPE', path, `${field} must be an address or a list of addresses, not ${describeType(actual)}`, 'e.g. address: 10.0.0.5');
        break;
      case 'too_small':
        if (path[0] === 'hosts' && path[2] === 'roles')
          rep.error('MODEL_NO_ROLES', path, `host '${String(path[1])}' has no roles`, 'give at least one role; `vbrwall roles` lists them');
        else rep.error('MODEL_TYPE', path, `${field}: ${issue.message}`);
        break;
      default:
        rep.error('MODEL_TYPE', path, `${field}: ${issue.message}`);
    }
  }
}

const article = (t: string): string => (t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);

function knownKeys(path: Path): string[] {
  let schema: unknown = DeploymentSpec;
  for (const seg of path) {
    const s = schema as { shape?: Record<string, unknown>; def?: { valueType?: unknown; innerType?: unknown; type?: string } };
    const unwrap = (x: unknown): unknown => {
      let cur = x as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined;
      while (cur?.def && (cur.def.type === 'optional' || cur.def.type === 'pipe' || cur.def.type === 'default'))
        cur = (cur.def.innerType ?? cur.def.in) as typeof cur;
      return cur;
    };
    const cur = unwrap(s) as typeof s;
    if (cur?.shape && typeof seg === 'string' && seg in cur.shape) schema = cur.shape[seg];
    else if (cur?.def?.type === 'record') schema = cur.def.valueType;
    else return [];
  }
  const final = schema as { shape?: Record<string, unknown>; def?: { innerType?: { shape?: Record<string, unknown> } } };
  return Object.keys(final.shape ?? final.def?.innerType?.shape ?? {});
}

/** Parses and resolves a deployment file; every problem of the file is reported at once. */
export function loadDeployment(text: string, file?: string): Result<Loaded> {
  return fastLoad(text, file) ?? fullLoad(text, file);
}

/** Options of the YAML parse that keeps positions (the full path). */
const parseWithPositions = (text: string): Document => yaml().parseDocument(text, { lineCounter: new (yaml().LineCounter)(), uniqueKeys: false, prettyErrors: false });

/**
 * The quick way for a plain, valid file: js-yaml (YAML 1.2 core schema) is ten times faster than
 * building a document with positions, and positions are only needed to report a problem. Any
 * doubt (anchors, aliases or tags, which the full path guards against alias bombs; a YAML error; a
 * duplicate key; a schema problem; any diagnostic at all) returns undefined, and the full path
 * reports it exactly as it always did.
 */
export function fastLoad(text: string, file?: string): Result<Loaded> | undefined {
  if (/[&*!]|<</.test(text)) return undefined;
  let js: unknown;
  try {
    js = jsyaml.load(text, { schema: CORE_LIKE_YAML });
  } catch {
    return undefined;
  }
  if (js === null || typeof js !== 'object' || Array.isArray(js) || hasNullKey(js)) return undefined;
  const parsed = DeploymentSpec.safeParse(js);
  if (!parsed.success) return undefined;
  let doc: Document | undefined;
  const rep = new Reporter(() => (doc ??= parseWithPositions(text)), file);
  const deployment = resolveDeployment(parsed.data, rep);
  if (rep.diagnostics.length) return undefined;
  if (file !== undefined) deployment.file = file;
  return {
    ok: true,
    value: {
      deployment,
      get doc(): Document {
        return (doc ??= parseWithPositions(text));
      },
    },
    diagnostics: [],
  };
}

/** A key that reads as null: `yaml` makes it '' and js-yaml 'null', so leave such files to the full path. */
function hasNullKey(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (const x of v) if (hasNullKey(x)) return true;
    return false;
  }
  // Own keys, as Object.entries gives them, without a pair per key (2,000 hosts).
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k === 'null' || k === 'Null' || k === 'NULL' || k === '~' || hasNullKey(o[k])) return true;
  return false;
}

/** Parses with positions and reports every problem of the file. */
export function fullLoad(text: string, file?: string): Result<Loaded> {
  const lineCounter = new (yaml().LineCounter)();
  // uniqueKeys is checked below in linear time (yaml's own check is quadratic in the map size).
  const doc = yaml().parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const rep = new Reporter(doc, file);
  const at = (pos: [number, number]) => ({ ...(file !== undefined ? { file } : {}), range: pos });
  for (const e of doc.errors) {
    const code: DiagCode = e.code === 'DUPLICATE_KEY' ? 'MODEL_DUPLICATE_KEY' : 'MODEL_YAML_SYNTAX';
    rep.diagnostics.push({
      code,
      severity: 'error',
      message: code === 'MODEL_DUPLICATE_KEY' ? `duplicate key '${keyAt(text, e.pos[0])}': the name is given twice in the same mapping` : `YAML syntax: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      ...at(code === 'MODEL_DUPLICATE_KEY' ? [e.pos[0], e.pos[0] + Math.max(1, keyAt(text, e.pos[0]).length)] : e.pos),
      hint: code === 'MODEL_DUPLICATE_KEY' ? 'host and zone names must be unique; rename or merge the two' : 'check indentation, brackets and quotes',
    });
  }
  for (const k of duplicateKeys(doc.contents)) {
    const name = String(k.value);
    rep.diagnostics.push({
      code: 'MODEL_DUPLICATE_KEY',
      severity: 'error',
      message: `duplicate key '${name}': the ${k.named ? 'name' : 'field'} is given twice in the same mapping`,
      ...at([k.range![0], k.range![1]]),
      hint: k.named ? 'host and zone names must be unique; rename or merge the two (both are checked; the second is called ' + `'${name} (2)')` : 'a field is given once per mapping; the later value is the one read',
    });
  }
  // A duplicate key leaves a usable document: go on, so that all problems come together.
  if (doc.errors.length) return { ok: false, diagnostics: rep.diagnostics };
  separateDuplicates(doc.contents);
  const js = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (js === null || js === undefined || (typeof js === 'object' && !Array.isArray(js) && Object.keys(js).length === 0)) {
    rep.diagnostics.push({ code: 'MODEL_EMPTY', severity: 'error', message: 'the deployment file is empty', ...at([0, text.length]), hint: 'start from `vbrwall plan` (the bundled example) or examples/four-zone.yaml' });
    return { ok: false, diagnostics: rep.diagnostics };
  }
  const parsed = DeploymentSpec.safeParse(js);
  if (!parsed.success) {
    reportSchemaIssues(parsed.error.issues, js, rep);
    // Semantic checks still run on what is well formed, so all problems come together.
    resolveDeployment(lenient(js), rep);
    return { ok: false, diagnostics: dedupe(rep.diagnostics) };
  }
  const deployment = resolveDeployment(parsed.data, rep);
  if (rep.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: dedupe(rep.diagnostics) };
  if (file !== undefined) deployment.file = file;
  if (rep.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: dedupe(rep.diagnostics) };
  return { ok: true, value: { deployment, doc }, diagnostics: rep.diagnostics };
}

/** A best-effort view of an invalid document for the semantic checks: wrong-typed parts are dropped. */
function lenient(js: unknown): Parameters<typeof resolveDeployment>[0] {
  const o = (js && typeof js === 'object' && !Array.isArray(js) ? js : {}) as Record<string, unknown>;
  const rec = (v: unknown): Record<string, Record<string, unknown>> => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x && typeof x === 'object' && !Array.isArray(x))) as Record<string, Record<string, unknown>>;
  };
  const hosts = Object.fromEntries(
    Object.entries(rec(o.hosts)).map(([k, h]) => [
      k,
      {
        ...h,
        roles: Array.isArray(h.roles) ? h.roles.filter((r): r is (typeof ROLE_NAMES)[number] => (ROLE_NAMES as readonly unknown[]).includes(r)) : [],
        cidrs: Array.isArray(h.cidrs) ? h.cidrs.filter((c) => typeof c === 'string') : undefined,
        address: typeof h.address === 'string' || Array.isArray(h.address) ? h.address : undefined,
        zone: typeof h.zone === 'string' ? h.zone : undefined,
        fqdn: typeof h.fqdn === 'string' ? h.fqdn : undefined,
        transport: Array.isArray(h.transport) ? h.transport : undefined,
      },
    ]),
  );
  const zones = Object.fromEntries(
    Object.entries(rec(o.zones)).map(([k, z]) => [k, { cidrs: Array.isArray(z.cidrs) ? z.cidrs.filter((c) => typeof c === 'string') : undefined, internet: z.internet === true }]),
  );
  const features = Object.fromEntries(Object.entries(rec({ f: o.features }).f ?? {}).filter(([k, v]) => (FEATURES as readonly string[]).includes(k) && typeof v === 'boolean'));
  return { name: typeof o.name === 'string' ? o.name : '', zones, hosts, features, lenient: true } as unknown as Parameters<typeof resolveDeployment>[0];
}

/** Scalar keys given twice in one mapping, anywhere in the document (the later ones). */
/** Keys given twice in a mapping (the later ones); `named`: in the zones or hosts, where keys are names. */
function duplicateKeys(node: unknown, out: { value: unknown; range?: [number, number, number] | null; named: boolean }[] = [], path: readonly string[] = []): typeof out {
  if (yaml().isMap(node)) {
    const seen = new Set<string>();
    const named = path.length === 1 && (path[0] === 'zones' || path[0] === 'hosts');
    for (const p of node.items) {
      if (!yaml().isPair(p)) continue;
      if (yaml().isScalar(p.key)) {
        const k = String(p.key.value);
        if (seen.has(k) && p.key.range) out.push({ value: p.key.value, range: p.key.range, named });
        seen.add(k);
      }
      duplicateKeys(p.value, out, yaml().isScalar(p.key) ? [...path, String(p.key.value)] : path);
    }
  } else if (yaml().isSeq(node)) for (const x of node.items) duplicateKeys(x, out, path);
  return out;
}

/**
 * After a duplicate key is reported, each definition is still checked where it is written: a
 * zone or host given twice becomes `name (2)` (so both are checked, and each problem points at its
 * own lines); elsewhere the later value is the one that counts, and the earlier pair is dropped so
 * that positions are looked up in the later one.
 */
function separateDuplicates(node: unknown, path: readonly string[] = []): void {
  if (yaml().isMap(node)) {
    const named = path.length === 1 && (path[0] === 'zones' || path[0] === 'hosts');
    const count = new Map<string, number>();
    for (const p of node.items) if (yaml().isPair(p) && yaml().isScalar(p.key)) count.set(String(p.key.value), (count.get(String(p.key.value)) ?? 0) + 1);
    const seen = new Map<string, number>();
    node.items = node.items.filter((p) => {
      if (!yaml().isPair(p) || !yaml().isScalar(p.key)) return true;
      const k = String(p.key.value);
      const total = count.get(k)!;
      if (total === 1) return true;
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      if (named) {
        if (n > 1) p.key.value = `${k} (${n})`;
        return true;
      }
      return n === total;
    });
    for (const p of node.items) if (yaml().isPair(p)) separateDuplicates(p.value, yaml().isScalar(p.key) ? [...path, String(p.key.value)] : path);
  } else if (yaml().isSeq(node)) for (const x of node.items) separateDuplicates(x, path);
}

const keyAt = (text: string, pos: number): string => /^("[^"\n]*"|'[^'\n]*'|[^\s:,{}[\]]+)/.exec(text.slice(pos))?.[1] ?? '';

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const sorted = [...diags].sort((a, b) => (a.range?.[0] ?? Infinity) - (b.range?.[0] ?? Infinity));
  return sorted.filter((d) => {
    const k = `${d.code}|${d.range?.join(',')}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
