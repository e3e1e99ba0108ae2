/**
 * A deployment above the diagram limits (DIAGRAM_LIMITS: more than 150 hosts), for the tests of
 * the summarised diagrams and documents: four zones, a backup server, proxies, repositories and
 * 50 agents per zone (some agent names hostile), each a host with its own address.
 * @module
 */
import { loadDeployment } from '../../../model/load.js';
import { buildPlan } from '../../../plan/plan.js';
import { buildPolicy } from '../../../policy/build.js';
import type { Policy } from '../../../policy/types.js';

export const MANY_ZONES = ['mgmt', 'dc "one" <a>', 'dc2', 'branch'] as const;

export function manyHostsYaml(agentsPerZone = 50): string {
  const lines = ['name: "Many hosts & <zones>"', 'zones:'];
  MANY_ZONES.forEach((z, i) => lines.push(`  ${JSON.stringify(z)}: { cidrs: [10.${i}.0.0/16] }`));
  lines.push('hosts:', '  vbr01: { address: 10.0.0.10, os: windows, roles: [backup-server] }');
  MANY_ZONES.forEach((z, i) => {
    if (i === 0) return;
    lines.push(`  proxy${i}: { address: 10.${i}.0.11, os: linux, roles: [vmware-proxy] }`, `  repo${i}: { address: 10.${i}.0.21, os: linux, roles: [linux-repository] }`);
    for (let a = 0; a < agentsPerZone; a++) {
      const name = a === 0 ? `agent${i}-"x" | <b>` : `agent${i}-${String(a).padStart(3, '0')}`;
      lines.push(`  ${JSON.stringify(name)}: { address: 10.${i}.1.${a + 1}, os: ${a % 2 ? 'windows' : 'linux'}, roles: [${a % 2 ? 'windows-agent' : 'linux-agent'}] }`);
    }
  });
  return `${lines.join('\n')}\n`;
}

export function manyHostsPolicy(scope: 'zone-firewall' | 'host' = 'zone-firewall', host?: string): Policy {
  const r = loadDeployment(manyHostsYaml(), 'many-hosts.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return buildPolicy(buildPlan(r.value.deployment), { scope, ...(host ? { host } : {}) });
}
