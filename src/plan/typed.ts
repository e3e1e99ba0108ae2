/**
 * The typed form of a plan (see TypedPlan), kept beside the plan it belongs to. A plan whose
 * flows were replaced, or a plan made by hand, has none: callers then work from plan.flows.
 * @module
 */
import type { Plan, TypedPlan } from './types.js';

export const typedPlans = new WeakMap<Plan, TypedPlan>();

/** The typed form of a plan built by buildPlan, if its flows are still its own. */
export const typedPlan = (plan: Plan): TypedPlan | undefined => typedPlans.get(plan);

/** The number of flows of a plan, without expanding the host pairs of a typed plan. */
export function flowCount(plan: Plan): number {
  const t = typedPlans.get(plan);
  if (!t) return plan.flows.length;
  let n = 0;
  for (const f of t.flows) {
    const a = t.types[f.from]!.length;
    n += f.from === f.to ? a * (a - 1) : a * t.types[f.to]!.length;
  }
  return n;
}
