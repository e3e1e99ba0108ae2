/**
 * Backup infrastructure in the same zone as the workloads it protects: no firewall between a
 * compromised workload and the backups.
 * @module
 */
import type { Role } from '../catalog/roles.js';
import type { Host } from '../model/types.js';
import { SECURING, hostPath, list, ref } from './_helpers.js';
import type { Check } from './types.js';

/** Roles of backup infrastructure components (hypervisors, which host the on-host proxy, are production). */
export const INFRASTRUCTURE_ROLES: readonly Role[] = [
  'backup-server', 'config-database', 'enterprise-manager', 'veeam-one-server', 'vmware-proxy', 'hyperv-offhost-proxy',
  'guest-interaction-proxy', 'gateway-server', 'windows-repository', 'linux-repository', 'hardened-repository',
  'smb-share', 'nfs-share', 'object-storage', 'mount-server', 'cloud-gateway', 'proxmox-worker', 'ahv-worker',
];

/** Roles of production workloads: the machines that are backed up. */
export const WORKLOAD_ROLES: readonly Role[] = ['windows-guest', 'linux-guest', 'windows-agent', 'linux-agent'];

const label = (h: Host, roles: readonly Role[]): string => `${h.name} (${list(h.roles.filter((r) => roles.includes(r)))})`;

export const componentsNotSegmented: Check = {
  id: 'components-not-segmented',
  title: 'Backup infrastructure should be in a network apart from production workloads',
  severity: 'high',
  source: ref(SECURING, 'Infrastructure Planning'),
  seeAlso: [ref('general_security_considerations.md', 'Network')],
  recommendation:
    'Place the backup server, proxies, repositories and the other backup components in zones of their own, apart from the protected VMs and agent computers, so that a firewall stands between them.',
  run(d) {
    const evidence: string[] = [];
    const paths: string[] = [];
    const infraZones = new Set<string>();
    const workZones = new Set<string>();
    for (const z of d.zones) {
      if (z.internet) continue;
      const inZone = d.hosts.filter((h) => h.zone === z.name);
      const infra = inZone.filter((h) => h.roles.some((r) => INFRASTRUCTURE_ROLES.includes(r)));
      const work = inZone.filter((h) => h.roles.some((r) => WORKLOAD_ROLES.includes(r)));
      if (infra.length) infraZones.add(z.name);
      if (work.length) workZones.add(z.name);
      if (infra.length && work.length) {
        evidence.push(`zone ${z.name}: ${list(infra.map((h) => label(h, INFRASTRUCTURE_ROLES)))} beside ${list(work.map((h) => label(h, WORKLOAD_ROLES)))}`);
        paths.push(...infra.map((h) => h.name), ...work.map((h) => h.name));
      }
    }
    if (evidence.length) return { status: 'not-implemented', evidence, paths: [...new Set(paths)].map((n) => hostPath(n)) };
    return {
      status: 'passed',
      evidence: [
        infraZones.size ? `backup infrastructure in zone ${list([...infraZones])}` : 'no backup infrastructure host in the file',
        workZones.size ? `production workloads in zone ${list([...workZones])}` : 'no production workload (guest or agent) in the file',
      ],
    };
  },
};
