// Generates the large synthetic deployment of issue 3: 20 zones, 2,000 hosts and groups,
// every role, every feature. Deterministic. Usage: node bench/gen-large.mjs [OUT] [HOSTS]
import { writeFileSync } from 'node:fs';
import { ROLE_NAMES, ROLES } from '../dist/catalog/roles.js';

export function largeDeployment(hostCount = 2000, zoneCount = 20) {
  const lines = ['name: Large synthetic deployment', 'vbr: { version: "13.0" }', 'phase: operate', 'zones:'];
  for (let z = 0; z < zoneCount - 1; z++) lines.push(`  z${String(z).padStart(2, '0')}: { cidrs: [10.${z}.0.0/16, "fd00:${z.toString(16)}::/64"] }`);
  lines.push('  internet: { internet: true }', 'hosts:');
  // Roles in proportion to a real estate: many guests, agents, proxies and repositories; one backup server.
  const single = new Set(['backup-server', 'config-database', 'enterprise-manager', 'veeam-one-server', 'vcenter', 'scvmm', 'cloud-gateway', 'nutanix-cluster']);
  const groupish = new Set(['windows-guest', 'linux-guest', 'windows-agent', 'linux-agent', 'console', 'esxi-host']);
  const roles = ROLE_NAMES.filter((r) => r !== 'cloud-tenant');
  let n = 0;
  for (const r of roles) if (single.has(r)) lines.push(hostLine(n++, r, zoneCount));
  lines.push('  tenants: { zone: internet, roles: [cloud-tenant] }');
  n++;
  // Weights as in a real estate: mostly protected machines, a few dozen infrastructure servers.
  const WEIGHT = { 'windows-guest': 300, 'linux-guest': 300, 'windows-agent': 250, 'linux-agent': 250, 'esxi-host': 60, 'hyperv-host': 30, console: 10, 'rest-client': 5, 'vmware-proxy': 24, 'hyperv-offhost-proxy': 6, 'guest-interaction-proxy': 6, 'gateway-server': 6, 'windows-repository': 10, 'linux-repository': 10, 'hardened-repository': 10, 'mount-server': 4, 'proxmox-host': 10, 'proxmox-worker': 6, 'ahv-worker': 6 };
  const multi = roles.filter((r) => !single.has(r));
  const bag = multi.flatMap((r) => Array(WEIGHT[r] ?? 2).fill(r));
  for (let i = 0; n < hostCount; i++, n++) {
    const r = i < multi.length ? multi[i] : bag[(i * 7919) % bag.length];
    lines.push(hostLine(n, r, zoneCount, groupish.has(r)));
  }
  // The "both features": guest processing and instant recovery.
  lines.push('features:', '  guest-processing: true', '  instant-recovery: true');
  return lines.join('\n') + '\n';
}

function hostLine(n, role, zoneCount, group = false) {
  const z = n % (zoneCount - 1);
  const hi = Math.floor(n / (zoneCount - 1));
  const os = ROLES[role].os ?? (n % 2 ? 'windows' : 'linux');
  const name = `${role}-${String(n).padStart(4, '0')}`;
  const osPart = role === 'hardened-repository' || role === 'linux-repository' ? '' : `, os: ${os}`;
  if (role === 'object-storage' || role.startsWith('veeam-') || role === 'mail-api') return `  ${name}: { fqdn: ${name}.example.net, roles: [${role}] }`;
  if (group) return `  ${name}: { cidrs: [10.${z}.${100 + (hi % 150)}.0/28], roles: [${role}]${osPart} }`;
  return `  ${name}: { address: 10.${z}.${hi % 100}.${1 + (n % 250)}, roles: [${role}]${osPart} }`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? '/tmp/vbrwall-large.yaml';
  writeFileSync(out, largeDeployment(Number(process.argv[3] ?? 2000)));
  console.log(out);
}
