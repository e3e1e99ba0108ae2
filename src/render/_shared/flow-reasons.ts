/**
 * The plan's reasons behind a rule: every distinct (protocol, reason) of the flows the rule
 * serves. The document targets (md, html, xlsx) all need them, and on a large plan they are the
 * costly part (hundreds of thousands of flow ids to look up), so they are computed once per rule
 * and kept for as long as the rule lives (WeakMap: `render --target all` shares them).
 * @module
 */
import type { Protocol } from '../../catalog/types.js';
import type { Flow, FlowReason, Plan } from '../../plan/types.js';
import { ruleReasons } from '../../policy/rule-facts.js';
import type { Policy, Rule } from '../../policy/types.js';

export interface ProtocolReason {
  protocol: Protocol;
  reason: FlowReason;
}

const FLOWS = new WeakMap<Plan, Map<string, Flow>>();
const REASONS = new WeakMap<Rule, readonly ProtocolReason[]>();

/** The plan's flows by id (built once per plan). */
export function flowIndex(plan: Plan): Map<string, Flow> {
  let m = FLOWS.get(plan);
  if (!m) {
    m = new Map();
    for (const f of plan.flows) m.set(f.id, f);
    FLOWS.set(plan, m);
  }
  return m;
}

const HOST_FLOWS = new WeakMap<Policy, Map<string, Flow>>();

/**
 * The flows a policy's rules can serve: a host policy's are the flows to or from the host (a
 * pass over the plan comparing names, far cheaper than indexing every flow of a large plan);
 * a zone firewall's are any of the plan's.
 */
function policyFlows(policy: Policy): Map<string, Flow> {
  const host = policy.host;
  if (policy.scope !== 'host' || host === undefined) return flowIndex(policy.plan);
  let m = HOST_FLOWS.get(policy);
  if (!m) {
    m = new Map();
    for (const f of policy.plan.flows) if (f.to === host || f.from === host) m.set(f.id, f);
    HOST_FLOWS.set(policy, m);
  }
  return m;
}

/**
 * Distinct (protocol, reason) pairs of the rule's flows, in the order of its flows. Callers keep
 * only the reasons whose ports the rule serves; for a rule the policy builder made, those come
 * straight from the builder (ruleReasons), with no pass over the flows.
 */
export function flowReasons(policy: Policy, rule: Rule): readonly ProtocolReason[] {
  const have = REASONS.get(rule) ?? ruleReasons(rule);
  if (have) return have;
  const flows = policyFlows(policy);
  // Reasons are shared between flows (one object per entry, ports and defaults): each counts once.
  const seen = { tcp: new Set<FlowReason>(), udp: new Set<FlowReason>() };
  const out: ProtocolReason[] = [];
  for (const id of rule.flows) {
    const f = flows.get(id) ?? flowIndex(policy.plan).get(id);
    if (!f) continue;
    const s = seen[f.protocol];
    for (const reason of f.reasons)
      if (!s.has(reason)) {
        s.add(reason);
        out.push({ protocol: f.protocol, reason });
      }
  }
  REASONS.set(rule, out);
  return out;
}
