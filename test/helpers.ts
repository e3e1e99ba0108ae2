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
