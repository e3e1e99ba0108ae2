/**
 * Test helpers: fixtures loaded through the real model, plans and policies.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDeployment } from '../src/model/load.js';
import type { Deployment } from '../src/model/types.js';
import { buildPlan } from '../src/plan/plan.js';
import type { Plan, PlanOptions } from '../src/plan/types.js';
import { buildPolicy } from '../src/policy/build.js';
import type { Policy } from '../src/policy/types.js';
import { cidrContains, cidrLast, formatCidr, parseCidr } from '../src/net/ip.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Fixture files: `four-zone` is the bundled example; others live in test/fixtures. */
export const FIXTURES = ['four-zone', 'hyperv-agents'] as const;
/** FIXTURES and deployments for the real validators only (no golden files in every target). */
export const VALIDATED = [...FIXTURES, 'wide'] as const;

export function fixturePath(name: string): string {
  return name === 'four-zone' ? join(ROOT, 'examples', 'four-zone.yaml') : join(ROOT, 'test', 'fixtures', `${name}.yaml`);
}

export function loadFixture(name: string): Deployment {
  const r = loadDeployment(readFileSync(fixturePath(name), 'utf8'), `${name}.yaml`);
  if (!r.ok) throw new Error(`fixture ${name}: ${JSON.stringify(r.diagnostics, null, 2)}`);
  return r.value.deployment;
}

export const planFor = (name: string, opts: PlanOptions = {}): Plan => buildPlan(loadFixture(name), opts);

export const policyFor = (name: string, scope: 'zone-firewall' | 'host', host?: string, opts: PlanOptions = {}): Policy =>
  buildPolicy(planFor(name, opts), { scope, ...(host ? { host } : {}) });

/** Hosts of a fixture that have inbound flows (for per-host golden and validator runs). */
export const hostsWithInbound = (name: string): string[] => {
  const plan = planFor(name);
  return [...new Set(plan.flows.map((f) => f.to))].sort();
};

/**
 * Checks a list of address texts written for "any address of the internet zone": it must cover a
 * public address and no address of an internal zone (their first, middle and last addresses).
 */
export function expectInternetOnly(deployment: Deployment, addresses: readonly string[]): void {
  const cidrs = addresses.map((a) => {
    const r = parseCidr(a);
    if (!r.ok) throw new Error(`not a prefix: ${a}`);
    return r.cidr;
  });
  const covers = (ip: string) => {
    const p = parseCidr(ip);
    if (!p.ok) throw new Error(ip);
    return cidrs.some((c) => cidrContains(c, p.cidr));
  };
  if (!covers('203.0.113.77') && !covers('198.18.0.1')) throw new Error(`no public address is covered by ${addresses.join(', ')}`);
  for (const z of deployment.zones.filter((x) => !x.internet))
    for (const c of z.cidrs) {
      const last = cidrLast(c);
      for (const v of [c.base, (c.base + last) / 2n, last]) {
        const ip = formatCidr({ family: c.family, base: v, prefix: c.family === 4 ? 32 : 128 }).replace(/\/\d+$/, '');
        if (covers(ip)) throw new Error(`${ip} of internal zone ${z.name} is covered by ${addresses.join(', ')}`);
      }
    }
}

/** Every case a validator runs: the zone firewall and each host with inbound flows, inbound only and with outbound. */
export function validatorCases(fixture: string): { name: string; policy: Policy; opts: { outbound: boolean } }[] {
  return [
    { name: `${fixture} zone-firewall`, policy: policyFor(fixture, 'zone-firewall'), opts: { outbound: false } },
    ...hostsWithInbound(fixture).flatMap((h) => [
      { name: `${fixture} host ${JSON.stringify(h)}`, policy: policyFor(fixture, 'host', h), opts: { outbound: false } },
      { name: `${fixture} host ${JSON.stringify(h)} --outbound`, policy: policyFor(fixture, 'host', h), opts: { outbound: true } },
    ]),
  ];
}
