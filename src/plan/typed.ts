/**
 * The typed form of a plan (see TypedPlan), kept beside the plan it belongs to. A plan whose
 * flows were replaced, or a plan made by hand, has none: callers then work from plan.flows.
 * @module
 */
import type { Plan, TypedPlan } from './types.js';

export const typedPlans = new WeakMap<Plan, TypedPlan>();

/** The typed form of a plan built by buildPlan, if its flows are still its own. */
export const typedPlan = (plan: Plan): TypedPlan | undefined => typedPlans.get(plan);
