/**
 * The library calls behind the API: the same functions, options and JSON as the CLI's
 * `--format json`. The only module of the server that imports the stages; routes call these.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { FEATURES, FEATURE_INFO } from '../catalog/types.js';
import { ROLES, ROLE_NAMES } from '../catalog/roles.js';
import { checkInputProblems, checksToJson, CHECK_SEVERITIES, runChecks } from '../checks/index.js';
import { EXAMPLE_FILE } from '../cli/common.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { locateDiagnostics } from '../diag/format.js';
import { loadDeployment, type Loaded } from '../model/load.js';
import { deploymentJsonSchema } from '../model/schema.js';
import { rangeAt } from '../model/source-map.js';
import { formatCidr } from '../net/ip.js';
import { planToJson } from '../plan/json.js';
import { buildPlan } from '../plan/plan.js';
import type { Plan } from '../plan/types.js';
import { findRenderer, renderers } from '../render/registry.js';
import { renderPlan } from '../render/render.js';
import { auditRuleset, parsers, writeAuditJson, type AuditScope } from '../audit/index.js';
import type { ApiDiagnostic, ApiRequest, ModelJson, RenderJson, TargetJson } from './api-types.js';
import { HttpError, JsonText } from './http.js';

export const EXAMPLE_NAME = 'examples/four-zone.yaml';
export const DEFAULT_NAME = 'deployment.yaml';

/** A loaded deployment and its plan for one phase and failover choice. */
export interface Analysis {
  file: string;
  text: string;
  loaded: Loaded;
  plan: Plan;
  /** Warnings and notes of the model and the plan. */
  diagnostics: Diagnostic[];
}

/**
 * The last few analyses by (text, name, phase, failover): the page asks for the model and the plan
 * of the same text at once, and the rules, audit and checks of it right after.
 */
const CACHE = new Map<string, Analysis>();
const CACHE_SIZE = 8;

const located = (diags: readonly Diagnostic[], file: string, text: string): ApiDiagnostic[] =>
  locateDiagnostics(diags, new Map([[file, text]])) as ApiDiagnostic[];

/** Loads and plans a deployment; bad input is a 400 with the located diagnostics of the CLI. */
export function analyze(req: ApiRequest, usePhase = true): Analysis {
  const file = req.name ?? DEFAULT_NAME;
  const phase = usePhase ? req.phase : undefined;
  const failover = req.failover ?? true;
  const key = createHash('sha256').update(`${file}\0${phase ?? ''}\0${failover}\0`).update(req.deployment).digest('hex');
  const hit = CACHE.get(key);
  if (hit) {
    CACHE.delete(key);
    CACHE.set(key, hit);
    return hit;
  }
  const r = loadDeployment(req.deployment, file);
  if (!r.ok) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    throw new HttpError(400, 'API_BAD_DEPLOYMENT', `${n} error${n === 1 ? '' : 's'} in ${file}`, undefined, located(r.diagnostics, file, req.deployment));
  }
  const plan = buildPlan(r.value.deployment, { ...(phase ? { phase } : {}), failover });
  const a: Analysis = { file, text: req.deployment, loaded: r.value, plan, diagnostics: [...r.diagnostics, ...plan.diagnostics] };
  CACHE.set(key, a);
  while (CACHE.size > CACHE_SIZE) CACHE.delete(CACHE.keys().next().value!);
  return a;
}

/** POST /api/plan: `vbrwall plan --format json`. */
export const planJson = (req: ApiRequest): unknown => planToJson(analyze(req).plan);

/** POST /api/model: the resolved zones and hosts, with every diagnostic (warnings too). */
export function modelJson(req: ApiRequest): ModelJson {
  const a = analyze(req);
  const d = a.loaded.deployment;
  return {
    deployment: d.name,
    version: d.version,
    phase: a.plan.phase,
    zones: d.zones.map((z) => ({ name: z.name, cidrs: z.cidrs.map((c) => formatCidr(c)), internet: z.internet, ...(z.description ? { description: z.description } : {}) })),
    hosts: d.hosts.map((h) => ({
      name: h.name,
      kind: h.kind,
      zone: h.zone,
      addresses: h.addresses.map((c) => formatCidr(c, true)),
      ...(h.fqdn ? { fqdn: h.fqdn } : {}),
      ...(h.os ? { os: h.os } : {}),
      roles: [...h.roles],
      ...(h.virtual !== undefined ? { virtual: h.virtual } : {}),
      transport: [...h.transport],
      ...(h.description ? { description: h.description } : {}),
    })),
    features: FEATURES.map((f) => ({ id: f, enabled: d.features[f], description: FEATURE_INFO[f] })),
    diagnostics: located(a.diagnostics, a.file, a.text),
  };
}

/** POST /api/render: the files of `vbrwall render`, as the CLI computes them. */
export function renderJson(req: ApiRequest): RenderJson {
  const names = renderers.map((r) => r.id).join(', ');
  if (!req.target) throw new HttpError(400, 'API_BAD_REQUEST', 'target is required', `targets: ${names}`);
  const renderer = findRenderer(req.target);
  if (!renderer) throw new HttpError(400, 'API_BAD_REQUEST', `unknown target '${req.target}'`, `targets: ${names}`);
  const scope = req.scope ?? (req.host ? 'host' : renderer.supports.scopes[0]!);
  const a = analyze(req);
  const out = renderPlan(a.plan, renderer, { scope, ...(req.host ? { host: req.host } : {}), outbound: req.outbound ?? false });
  if (!out.ok) throw new HttpError(400, 'API_BAD_REQUEST', out.diagnostics.map((d) => d.message).join('; '), out.diagnostics[0]?.hint, located(out.diagnostics, a.file, a.text));
  const diagnostics = located(out.result.diagnostics, a.file, a.text);
  return {
    target: renderer.id,
    scope,
    ...(req.host && scope === 'host' ? { host: req.host } : {}),
    files: out.result.files.map((f) =>
      typeof f.content === 'string' ? { path: f.path, content: f.content, encoding: 'utf8' as const } : { path: f.path, content: Buffer.from(f.content).toString('base64'), encoding: 'base64' as const },
    ),
    diagnostics,
    partial: diagnostics.some((d) => d.severity === 'error'),
  };
}

/** POST /api/check: `vbrwall check --format json` (the file's phase, as the CLI). */
export function checkJson(req: ApiRequest): unknown {
  const severity = req.severity ?? 'low';
  if (!(CHECK_SEVERITIES as readonly string[]).includes(severity))
    throw new HttpError(400, 'API_BAD_REQUEST', `severity must be one of ${CHECK_SEVERITIES.join(', ')}, not '${severity}'`);
  const a = analyze({ ...req, failover: true }, false);
  const { deployment, doc } = a.loaded;
  const problems: Diagnostic[] = checkInputProblems(deployment).map((p) => {
    const range = rangeAt(doc, p.path);
    return { code: 'MODEL_TYPE', severity: 'error', message: p.message, file: a.file, path: [...p.path], hint: p.hint, ...(range ? { range } : {}) };
  });
  if (problems.length)
    throw new HttpError(400, 'API_BAD_DEPLOYMENT', `${problems.length} error${problems.length === 1 ? '' : 's'} in ${a.file}`, undefined, located(problems, a.file, a.text));
  const findings = runChecks(deployment, a.plan, { minSeverity: severity as (typeof CHECK_SEVERITIES)[number] });
  return checksToJson({ deployment: deployment.name, phase: a.plan.phase, findings, file: a.file });
}

/** POST /api/audit: `vbrwall audit FILE --ruleset NAME --format json`; the rule set comes in the body. */
export function auditJson(req: ApiRequest): unknown {
  if (typeof req.ruleset !== 'string') throw new HttpError(400, 'API_BAD_REQUEST', '"ruleset" is required: the text of the rule set to audit');
  const format = req.format ?? 'auto';
  if (format !== 'auto' && !AUDIT_FORMATS.includes(format)) throw new HttpError(400, 'API_BAD_REQUEST', `unknown ruleset format '${format}'`, `formats: auto, ${AUDIT_FORMATS.join(', ')}`);
  if (req.scope === 'host' && !req.host) throw new HttpError(400, 'API_BAD_REQUEST', 'scope host needs "host"');
  if (req.scope === 'zone-firewall' && req.host) throw new HttpError(400, 'API_BAD_REQUEST', '"host" goes with scope host, not zone-firewall');
  const scope: AuditScope = req.host ? { kind: 'host', host: req.host } : { kind: 'zone-firewall' };
  const a = analyze(req);
  const file = req.rulesetName ?? 'ruleset';
  const sources = new Map([[file, req.ruleset]]);
  const out = auditRuleset(a.plan, req.ruleset, { file, format, lenient: req.lenient ?? false, scope });
  if (!out.ok) {
    const n = out.diagnostics.filter((d) => d.severity === 'error').length;
    throw new HttpError(400, 'API_BAD_RULESET', `${n} error${n === 1 ? '' : 's'} in ${file}; nothing was audited`, undefined, locateDiagnostics(out.diagnostics, sources) as ApiDiagnostic[]);
  }
  // The text the CLI prints, byte for byte.
  const chunks: string[] = [];
  writeAuditJson(out.report, locateDiagnostics(out.diagnostics, sources), (s) => chunks.push(s));
  return new JsonText(chunks.join(''));
}

/** Rule set formats the audit reads (for the page's format picker). */
export const AUDIT_FORMATS: readonly string[] = parsers.map((p) => p.id);

/** GET /api/targets: `vbrwall targets --format json`. */
export const targetsJson = (): { targets: TargetJson[] } => ({
  targets: renderers.map((r) => ({ id: r.id, names: [...r.names], title: r.title, kind: r.kind, extension: r.extension, supports: { ...r.supports, scopes: [...r.supports.scopes] } })),
});

/** GET /api/roles: the roles and what they are. */
export const rolesJson = (): unknown => ({
  roles: ROLE_NAMES.map((r) => ({ role: r, description: ROLES[r].description, ...(ROLES[r].os ? { os: ROLES[r].os } : {}) })),
});

/** GET /api/schema: `vbrwall schema`. */
export const schemaJson = (): unknown => deploymentJsonSchema();

/** GET /api/example: the bundled four-zone example. */
export const exampleJson = (): { file: string; text: string } => ({ file: EXAMPLE_NAME, text: readFileSync(EXAMPLE_FILE, 'utf8') });
