/**
 * The plan in the contract's JSON shape (shared/contract/OUTPUTS.md), with extra fields added
 * (never renamed): zones, failover and deploy-only ports, reasons, defaults.
 * @module
 */
import type { Plan } from './types.js';

export function planToJson(plan: Plan): unknown {
  const d = plan.deployment;
  return {
    deployment: d.name,
    phase: plan.phase,
    version: d.version,
    failover: plan.failover,
    flows: plan.flows.map((f) => ({
      from: f.from,
      to: f.to,
      protocol: f.protocol,
      ports: f.ports,
      purposes: f.purposes,
      sources: f.sources,
      fromZone: f.fromZone,
      toZone: f.toZone,
      failoverPorts: f.failover,
      deployOnlyPorts: f.deployOnly,
      reasons: f.reasons.map((r) => ({
        entry: r.entry,
        purpose: r.purpose,
        ports: r.ports,
        failoverPorts: r.failover,
        phase: r.phase,
        ...(r.features.length ? { features: r.features } : {}),
        ...(r.dynamic ? { dynamic: true } : {}),
        ...(r.jobOnly ? { jobOnly: true } : {}),
        ...(r.defaults.length ? { defaults: r.defaults } : {}),
        sources: r.sources,
      })),
    })),
    defaults: plan.defaults.map((x) => ({ id: x.id, role: x.role, hosts: x.hosts, message: x.message })),
  };
}
