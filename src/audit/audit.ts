/**
 * The audit: a parsed ruleset asked about a plan. Evaluates every flow of the scope, then the
 * excess, the dead rules and what breaks.
 * @module
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Phase } from '../catalog/types.js';
import type { Family } from '../net/ip.js';
import type { Plan } from '../plan/types.js';
import { reachableChains, type Acl, type Hook, type Replies } from './acl.js';
import { whatBreaks, type Break } from './breaks.js';
import type { AuditContext } from './context.js';
import { Cover } from './cover.js';
import { Engine } from './engine.js';
import { evaluateFlows, type EvaluateOptions, type FlowVerdict } from './evaluate.js';
import { findExcess, type ExcessFinding } from './excess.js';
import { Geometry, scopedFlows, type AuditScope, type NotAudited } from './scope.js';
import { findShadowed, findUnused, type ShadowFinding, type UnusedFinding } from './shadow.js';

export interface AuditOptions extends EvaluateOptions {
  scope: AuditScope;
  /** Skip the excess analysis (it is the slowest part on very large rulesets). */
  excess?: boolean;
  /** Skip the shadowed and unused rule analysis. */
  deadRules?: boolean;
}

export interface AuditReport {
  deployment: string;
  version: string;
  phase: Phase;
  failover: boolean;
  scope: AuditScope;
  ruleset: { file: string; format: string; rules: number; chains: number; families: Family[]; replies: Replies };
  verdicts: FlowVerdict[];
  notAudited: NotAudited[];
  excess: ExcessFinding[];
  shadowed: ShadowFinding[];
  unused: UnusedFinding[];
  breaks: Break[];
  diagnostics: Diagnostic[];
}

/** What the excess and dead-rule analyses find. */
export interface Analyses {
  excess: ExcessFinding[];
  shadowed: ShadowFinding[];
  unused: UnusedFinding[];
  /** What the analyses reported (limits hit), in order. */
  diagnostics: Diagnostic[];
}

/**
 * The part a worker thread runs: the excess and shadowed rules, the slow ones that look rules up.
 * The unused rules need only the plan's own index and are found on the main thread meanwhile.
 */
export type HeavyAnalyses = Omit<Analyses, 'unused'>;

/** What the analyses of an audit share; `diagnostics` collects what they report. */
export function auditContext(plan: Plan, acl: Acl, scope: AuditScope, diagnostics: Diagnostic[], remember = true): AuditContext & { notAudited: NotAudited[] } {
  const geo = new Geometry(plan.deployment);
  const engine = new Engine(acl, remember);
  const { flows, notAudited } = scopedFlows(plan, scope, acl.hooks);
  const hook = scope.kind === 'zone-firewall' ? 'forward' : 'input';
  const inHook = flows.filter((f) => f.hook === hook);
  return Object.assign({ plan, acl, engine, geo, scope, flows, hook, cover: new Cover(geo, inHook), diagnostics } satisfies AuditContext, { notAudited });
}

/** The excess, shadowed and unused rules of a context. */
export function analyses(context: AuditContext, opts: Pick<AuditOptions, 'excess' | 'deadRules'>): Analyses {
  const heavy = heavyAnalyses(context, opts);
  return { ...heavy, unused: unusedRules(context, opts) };
}

/** The excess and shadowed rules (what a worker thread runs). */
export function heavyAnalyses(context: AuditContext, opts: Pick<AuditOptions, 'excess' | 'deadRules'>): HeavyAnalyses {
  const ctx: AuditContext = { ...context, diagnostics: [] };
  const excess = opts.excess === false ? [] : findExcess(ctx);
  const shadowed = opts.deadRules === false ? [] : findShadowed(ctx);
  return { excess, shadowed, diagnostics: ctx.diagnostics };
}

/** The unused rules (they report no diagnostics). */
const unusedRules = (ctx: AuditContext, opts: Pick<AuditOptions, 'deadRules'>): UnusedFinding[] => (opts.deadRules === false ? [] : findUnused(ctx));

/** The flows' verdicts and what breaks: the part of an audit that needs the verdicts. */
interface Evaluated {
  ctx: AuditContext;
  verdicts: FlowVerdict[];
  notAudited: NotAudited[];
  breaks: Break[];
}

/** `remember`: keep rule lookups for the analyses (off when they run on another thread). */
function evaluatePart(plan: Plan, acl: Acl, opts: AuditOptions, remember = true): Evaluated {
  const ctx = auditContext(plan, acl, opts.scope, [], remember);
  const notAudited = [...ctx.notAudited];
  interfaceNotes(acl, ctx.hook === 'forward' ? ['forward'] : ['input', 'output'], ctx.diagnostics);
  const evaluated = evaluateFlows(acl, ctx.engine, ctx.geo, ctx.flows, opts);
  notAudited.push(...evaluated.notAudited);
  for (const n of notAudited)
    ctx.diagnostics.push({ code: 'AUDIT_NOT_AUDITED', severity: 'info', message: `${n.flow.from} → ${n.flow.to} ${n.flow.protocol}: not audited: ${n.reason}` });
  return { ctx, verdicts: evaluated.verdicts, notAudited, breaks: whatBreaks(evaluated.verdicts, plan.deployment) };
}

function assemble(e: Evaluated, a: Analyses): AuditReport {
  const { plan, acl, scope } = e.ctx;
  return {
    deployment: plan.deployment.name,
    version: plan.deployment.version,
    phase: plan.phase,
    failover: plan.failover,
    scope,
    ruleset: { file: acl.file, format: acl.format, rules: acl.rules.length, chains: acl.chains.size, families: acl.families, replies: acl.replies },
    verdicts: e.verdicts,
    notAudited: e.notAudited,
    excess: a.excess,
    shadowed: a.shadowed,
    unused: a.unused,
    breaks: e.breaks,
    diagnostics: [...e.ctx.diagnostics, ...a.diagnostics],
  };
}

export function auditAcl(plan: Plan, acl: Acl, opts: AuditOptions): AuditReport {
  const e = evaluatePart(plan, acl, opts);
  return assemble(e, analyses(e.ctx, opts));
}

/**
 * `auditAcl` with the excess and shadowed rules coming from elsewhere (a worker thread that runs
 * `heavyAnalyses` on the same ruleset and plan); the unused rules are found here meanwhile.
 * Should the hand-over fail (a worker that ran out of memory), everything runs here.
 */
export async function auditAclWith(plan: Plan, acl: Acl, opts: AuditOptions, pending: Promise<HeavyAnalyses>): Promise<AuditReport> {
  const e = evaluatePart(plan, acl, opts, false);
  const unused = unusedRules(e.ctx, opts);
  const a = await pending.catch(() => heavyAnalyses(e.ctx, opts));
  return assemble(e, { ...a, unused });
}

/**
 * The deployment maps no zone to an interface, so interface matches cannot be evaluated: each rule
 * that has one is taken to match on any interface, and said so (loopback rules never match
 * traffic between hosts and need no note).
 */
function interfaceNotes(acl: Acl, hooks: readonly Hook[], out: Diagnostic[]): void {
  const reach = new Set([...acl.chains.values()].filter((c) => c.base && hooks.includes(c.base.hook)).flatMap((c) => [...reachableChains(acl, c.name)]));
  const seen = new Set<string>();
  for (const name of reach)
    for (const r of acl.chains.get(name)!.rules) {
      if (r.local || (!r.iif && !r.oif) || seen.has(r.ref.label)) continue;
      seen.add(r.ref.label);
      const what = [r.iif && `in-interface ${r.iif.negate ? '!' : ''}${r.iif.names.join(',')}`, r.oif && `out-interface ${r.oif.negate ? '!' : ''}${r.oif.names.join(',')}`].filter(Boolean).join(' and ');
      out.push({
        code: 'AUDIT_INTERFACE_IGNORED',
        severity: 'warning',
        message: `${r.ref.label}: ${what} is ignored: the deployment maps no zone to an interface, so the rule is taken to match on every interface`,
        file: r.ref.file,
        ...(r.ref.range ? { range: r.ref.range } : {}),
        hint: 'the zone-firewall scope matches by address; check that the addresses of this rule are right',
      });
    }
}

/** Exit status per the contract: 1 when any flow is partial or blocked. */
export const auditFailed = (r: AuditReport): boolean => r.verdicts.some((v) => v.status !== 'allowed');
