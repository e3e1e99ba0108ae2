import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portsEqual, unionPorts, type PortRange } from '../net/ports.js';
import { buildPlan } from '../plan/plan.js';
import type { Plan } from '../plan/types.js';
import { loadFixture } from '../../test/helpers.js';
import { buildPolicy } from './build.js';
import type { Rule } from './types.js';

/** (from, to, protocol) → ports, from the rules (expanding every rule's sources × destinations). */
function expand(rules: Rule[]): Map<string, PortRange[]> {
  const m = new Map<string, PortRange[]>();
  for (const r of rules)
    for (const a of r.source.hosts)
      for (const b of r.destination.hosts)
        for (const s of r.services) {
          const k = `${a}>${b}/${s.protocol}`;
          m.set(k, unionPorts(m.get(k) ?? [], s.ports));
        }
  return m;
}

function expectExact(plan: Plan, rules: Rule[], keep: (f: Plan['flows'][number]) => boolean) {
  const got = expand(rules);
  const want = new Map(plan.flows.filter(keep).map((f) => [`${f.from}>${f.to}/${f.protocol}`, f.ports]));
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, ports] of want) expect(portsEqual(got.get(k)!, ports), k).toBe(true);
}

describe('policy', () => {
  it.each(['four-zone', 'hyperv-agents'])('zone firewall of %s is exact: every crossing flow, nothing more', (name) => {
    const plan = buildPlan(loadFixture(name));
    const policy = buildPolicy(plan, { scope: 'zone-firewall' });
    expectExact(plan, policy.rules, (f) => f.fromZone !== f.toZone);
    for (const r of policy.rules) {
      expect(r.fromZone).not.toBe(r.toZone);
      expect(r.purposes.length).toBeGreaterThan(0);
      expect(r.sources.length).toBeGreaterThan(0);
    }
    // grouping pays: fewer rules than (flow, protocol) pairs
    expect(policy.rules.length).toBeLessThan(plan.flows.filter((f) => f.fromZone !== f.toZone).length);
  });

  it('host scope: inbound rules are exactly the flows to the host, outbound the flows from it', () => {
    const plan = buildPlan(loadFixture('four-zone'));
    for (const host of ['vbr01', 'repo01', 'mount01']) {
      const p = buildPolicy(plan, { scope: 'host', host });
      expectExact(plan, p.rules, (f) => f.to === host);
      expectExact(plan, p.outbound, (f) => f.from === host);
    }
  });

  it('is exact for any set of features and either phase (property)', () => {
    const base = loadFixture('hyperv-agents');
    const features = Object.keys(base.features) as (keyof typeof base.features)[];
    fc.assert(
      fc.property(fc.subarray(features), fc.constantFrom('operate', 'deploy'), fc.boolean(), (on, phase, failover) => {
        const d = { ...base, features: Object.fromEntries(features.map((f) => [f, on.includes(f)])) as typeof base.features };
        const plan = buildPlan(d, { phase: phase as 'operate' | 'deploy', failover });
        expectExact(plan, buildPolicy(plan, { scope: 'zone-firewall' }).rules, (f) => f.fromZone !== f.toZone);
      }),
      { numRuns: 25 },
    );
  });

  it('marks deploy-only and failover rules', () => {
    const plan = buildPlan(loadFixture('four-zone'), { phase: 'deploy' });
    const rules = buildPolicy(plan, { scope: 'zone-firewall' }).rules;
    expect(rules.some((r) => r.phase === 'deploy' && r.services.some((s) => s.ports.some(([a, b]) => a <= 22 && 22 <= b)))).toBe(true);
    expect(rules.some((r) => r.failover && r.services.some((s) => s.ports.some(([a, b]) => a === 2500 && b === 3300)))).toBe(true);
  });

  it('derives safe, unique object ids from hostile names', () => {
    const plan = buildPlan(loadFixture('hostile'));
    const p = buildPolicy(plan, { scope: 'zone-firewall' });
    const ids = p.addresses.map((a) => a.id);
    expect(new Set(ids.map((i) => i.toLowerCase())).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });
});
