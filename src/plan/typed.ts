/**
 * The typed form of a plan (see TypedPlan), kept beside the plan it belongs to. A plan whose
 * flows were replaced, or a plan made by hand, has none: callers then work from plan.flows.
 * @module
 */
import type { Deployment, Host } from '../model/types.js';
import type { Flow, Plan, TypedPlan } from './types.js';

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

/** Flows per (from zone, to zone), keyed `from\u0000to`, without expanding the host pairs of a typed plan. */
export function zonePairFlowCounts(plan: Plan): Map<string, number> {
  const out = new Map<string, number>();
  const add = (k: string, n: number) => n && out.set(k, (out.get(k) ?? 0) + n);
  const t = typedPlans.get(plan);
  if (!t) {
    for (const f of plan.flows) add(`${f.fromZone}\u0000${f.toZone}`, 1);
    return out;
  }
  const zonesOf = t.types.map((hosts) => {
    const m = new Map<string, number>();
    for (const h of hosts) m.set(h.zone, (m.get(h.zone) ?? 0) + 1);
    return m;
  });
  for (const f of t.flows)
    for (const [za, na] of zonesOf[f.from]!)
      for (const [zb, nb] of zonesOf[f.to]!) add(`${za}\u0000${zb}`, na * nb - (f.from === f.to && za === zb ? na : 0));
  return out;
}

/**
 * The plan's flows between the hosts `keep` accepts, in plan order, making only those: on a
 * typed plan the test runs on host pairs without building a flow for each.
 */
export function selectFlows(plan: Plan, keep: (from: Host, to: Host, flow: Pick<Flow, 'protocol' | 'ports'>) => boolean): Flow[] {
  const t = typedPlans.get(plan);
  const d = plan.deployment;
  if (!t) {
    const byName = new Map(d.hosts.map((h) => [h.name, h]));
    return plan.flows.filter((f) => keep(byName.get(f.from)!, byName.get(f.to)!, f));
  }
  return pairFlows(d, t, keep);
}

/** The flows between the hosts of a typed plan that `keep` accepts (all by default), sorted by host name, then protocol. */
export function pairFlows(d: Deployment, t: TypedPlan, keep: (from: Host, to: Host, flow: Pick<Flow, 'protocol' | 'ports'>) => boolean = () => true): Flow[] {
  const n = d.hosts.length;
  const rank = new Map([...d.hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((h, i) => [h, i]));
  const flows: Flow[] = [];
  const keys: number[] = [];
  // The ids' two halves, made once per host: an id is then one string of two (not three).
  const prefixes = new Map<Host, string>();
  const suffixes = new Map<Host, [string, string]>();
  for (const h of d.hosts) {
    prefixes.set(h, `${h.name}>`);
    suffixes.set(h, [`${h.name}/tcp`, `${h.name}/udp`]);
  }
  for (const tf of t.flows) {
    const { protocol, ports, failover, deployOnly, purposes, sources, reasons } = tf;
    const udp = protocol === 'udp' ? 1 : 0;
    for (const from of t.types[tf.from]!) {
      const base = rank.get(from)! * n;
      const prefix = prefixes.get(from)!;
      for (const to of t.types[tf.to]!) {
        if (to === from || !keep(from, to, tf)) continue;
        keys.push((base + rank.get(to)!) * 2 + udp);
        const id = prefix + suffixes.get(to)![udp];
        // Every field written in one literal, in one order: one object shape for all flows.
        flows.push({ id, from: from.name, to: to.name, fromZone: from.zone, toZone: to.zone, protocol, ports, failover, deployOnly, purposes, sources, reasons });
      }
    }
  }
  return sortedByKey(flows, keys);
}

/** Items in the order of their keys (distinct non-negative integers): a radix sort when they fit 32 bits. */
function sortedByKey<T>(items: T[], keys: number[]): T[] {
  const m = items.length;
  let max = 0;
  for (const k of keys) if (k > max) max = k;
  if (max >= 2 ** 32) {
    const order = items.map((_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
    return order.map((i) => items[i]!);
  }
  // Two passes of 16 bits over the indexes.
  let idx = new Uint32Array(m);
  for (let i = 0; i < m; i++) idx[i] = i;
  let tmp = new Uint32Array(m);
  for (const shift of [0, 16]) {
    const count = new Uint32Array(65537);
    for (let i = 0; i < m; i++) count[((keys[idx[i]!]! >>> shift) & 0xffff) + 1]!++;
    for (let b = 0; b < 65536; b++) count[b + 1]! += count[b]!;
    for (let i = 0; i < m; i++) tmp[count[(keys[idx[i]!]! >>> shift) & 0xffff]!++] = idx[i]!;
    [idx, tmp] = [tmp, idx];
  }
  const out = new Array<T>(m);
  for (let i = 0; i < m; i++) out[i] = items[idx[i]!]!;
  return out;
}
