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
import { decidingRefs, findShadowed, findUnused, type ShadowFinding, type UnusedFinding } from './shadow.js';

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

export function auditAcl(plan: Plan, acl: Acl, opts: AuditOptions): AuditReport {
  const diagnostics: Diagnostic[] = [];
  const geo = new Geometry(plan.deployment);
  const engine = new Engine(acl);
  const { flows, notAudited } = scopedFlows(plan, opts.scope, acl.hooks);
  const hook = opts.scope.kind === 'zone-firewall' ? 'forward' : 'input';
  const inHook = flows.filter((f) => f.hook === hook);
  const ctx: AuditContext = { plan, acl, engine, geo, scope: opts.scope, flows, hook, cover: new Cover(geo, inHook), diagnostics };

  interfaceNotes(acl, hook === 'forward' ? ['forward'] : ['input', 'output'], diagnostics);
  const evaluated = evaluateFlows(acl, engine, geo, flows, opts);
  notAudited.push(...evaluated.notAudited);
  for (const n of notAudited)
    diagnostics.push({ code: 'AUDIT_NOT_AUDITED', severity: 'info', message: `${n.flow.from} → ${n.flow.to} ${n.flow.protocol}: not audited: ${n.reason}` });
  const excess = opts.excess === false ? [] : findExcess(ctx);
  // The rules that decided packets of a flow were reached: no need to look above them.
  const shadowed = opts.deadRules === false ? [] : findShadowed(ctx, decidingRefs(evaluated.verdicts));
  const unused = opts.deadRules === false ? [] : findUnused(ctx);
  return {
    deployment: plan.deployment.name,
    version: plan.deployment.version,
    phase: plan.phase,
    failover: plan.failover,
    scope: opts.scope,
    ruleset: { file: acl.file, format: acl.format, rules: acl.rules.length, chains: acl.chains.size, families: acl.families, replies: acl.replies },
    verdicts: evaluated.verdicts,
    notAudited,
    excess,
    shadowed,
    unused,
    breaks: whatBreaks(evaluated.verdicts, plan.deployment),
    diagnostics,
  };
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
