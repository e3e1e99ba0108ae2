/**
 * Rendering a plan for a target: the policy for the scope, the target's output, and the
 * diagnostics of what it could not express.
 * @module
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { buildPolicy } from '../policy/build.js';
import type { Policy, Scope } from '../policy/types.js';
import type { Plan } from '../plan/types.js';
import type { Renderer, RenderResult } from './types.js';

export interface RenderRequest {
  scope: Scope;
  host?: string;
  outbound?: boolean;
}

export type RenderOutcome = { ok: true; policy: Policy; result: RenderResult } | { ok: false; diagnostics: Diagnostic[] };

export function renderPlan(plan: Plan, renderer: Renderer, req: RenderRequest): RenderOutcome {
  const policy = policyFor(plan, renderer, req);
  return policy.ok ? renderPolicy(policy.policy, renderer, req) : policy;
}

/** The policy a request asks for, checked against what the renderer supports. Build it once and render it for many targets. */
export function policyFor(plan: Plan, renderer: Renderer, req: RenderRequest): { ok: true; policy: Policy } | { ok: false; diagnostics: Diagnostic[] } {
  if (!renderer.supports.scopes.includes(req.scope))
    return { ok: false, diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error', message: `target ${renderer.id} has no ${req.scope} scope`, hint: `use --scope ${renderer.supports.scopes.join(' or --scope ')}` }] };
  if (req.scope === 'host') {
    const names = plan.deployment.hosts.map((h) => h.name);
    if (!req.host) return { ok: false, diagnostics: [{ code: 'RENDER_NO_HOST', severity: 'error', message: '--scope host needs --host NAME', hint: `hosts: ${names.join(', ')}` }] };
    if (!names.includes(req.host)) return { ok: false, diagnostics: [{ code: 'RENDER_NO_HOST', severity: 'error', message: `no host '${req.host}' in the deployment`, hint: `hosts: ${names.join(', ')}` }] };
  }
  const built = buildPolicy(plan, { scope: req.scope, ...(req.host ? { host: req.host } : {}) });
  // Outbound rules are rendered (and checked) only when asked for.
  return { ok: true, policy: req.outbound ? built : { ...built, outbound: [] } };
}

/** Renders a policy built by policyFor for the same request. */
export function renderPolicy(policy: Policy, renderer: Renderer, req: RenderRequest): RenderOutcome {
  if (!renderer.supports.scopes.includes(req.scope))
    return { ok: false, diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error', message: `target ${renderer.id} has no ${req.scope} scope`, hint: `use --scope ${renderer.supports.scopes.join(' or --scope ')}` }] };
  const result = renderer.render(policy, { outbound: req.outbound ?? false });
  result.diagnostics.unshift(...policy.diagnostics);
  return { ok: true, policy, result };
}
