/**
 * Facts about a rule that the policy builder knows cheaply and that would be costly to work out
 * again from the rule's flow ids on a large plan (228,000 of them on 2,000 hosts): the reasons
 * behind its ports, and how many flows it serves. Kept beside each rule (WeakMap); a rule made
 * elsewhere has none, and callers then work from `rule.flows`.
 * @module
 */
import type { Protocol } from '../catalog/types.js';
import type { FlowReason } from '../plan/types.js';
import type { Rule } from './types.js';

export interface ProtocolReason {
  protocol: Protocol;
  reason: FlowReason;
}

const FACTS = new WeakMap<Rule, { reasons: readonly ProtocolReason[]; flowCount: () => number; count?: number }>();

export function noteRuleFacts(rule: Rule, reasons: readonly ProtocolReason[], flowCount: () => number): void {
  FACTS.set(rule, { reasons, flowCount });
}

/**
 * The distinct (protocol, reason) pairs of the rule's flows whose ports the rule serves, or
 * undefined for a rule the policy builder did not make.
 */
export const ruleReasons = (rule: Rule): readonly ProtocolReason[] | undefined => FACTS.get(rule)?.reasons;

/** The number of flows the rule serves (rule.flows.length), without making their ids. */
export function ruleFlowCount(rule: Rule): number {
  const f = FACTS.get(rule);
  if (!f) return rule.flows.length;
  return (f.count ??= f.flowCount());
}
