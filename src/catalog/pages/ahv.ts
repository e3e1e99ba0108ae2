/**
 * Catalog entries for Veeam Plug-in for Nutanix AHV, transcribed from the official v13 page
 * `ahv_used_ports.md` (roles `nutanix-cluster` and `ahv-worker`).
 *
 * SOURCES (sections transcribed):
 * - ahv_used_ports.md § Workers
 * - ahv_used_ports.md § Backup Server
 * - ahv_used_ports.md § vPower NFS Service
 *
 * SKIPPED rows:
 * - § Workers: Worker → Veeam Update Repository (local mirror, <yourlocalmirrorrepository.domain>),
 *   TCP 443 or 80: no role for a local update mirror (`veeam-update-server` stands for Veeam's
 *   internet servers; giving it port 80 would open 80 to them too).
 *
 * Modelling notes:
 * - The vPower NFS Service section says the service is needed for file-level restore and
 *   Instant Recovery; conditions cannot say "either feature", so each vPower NFS row is two
 *   entries, one for `instant-recovery` and one (`-flr`) for `file-level-restore`.
 * - "Nutanix AHV server (cluster virtual IP addresses, cluster iSCSI Data Services IP address,
 *   cluster CVM IP addresses)" is the `nutanix-cluster` role: its host must list all those
 *   addresses.
 *
 * The Workers and Backup Server tables write continuation rows as `| To | Protocol | Port | Notes |`
 * (a new To, the From of the row above) and name the protocol `SSH`; reference.ts reads both.
 * @module
 */
import type { CatalogEntry, Feature, SourceRef } from '../types.js';

const WORKERS: SourceRef = { page: 'ahv_used_ports.md', section: 'Workers' };
const SERVER: SourceRef = { page: 'ahv_used_ports.md', section: 'Backup Server' };
const VPOWER: SourceRef = { page: 'ahv_used_ports.md', section: 'vPower NFS Service' };
const S12 = '12. Plug-in Workloads (AHV, Proxmox)';

/** One vPower NFS row as two entries: Instant Recovery, and file-level restore (`-flr`). */
const vpower = (e: CatalogEntry): CatalogEntry[] =>
  (['instant-recovery', 'file-level-restore'] as const satisfies readonly Feature[]).map((f) => ({
    ...e,
    id: f === 'instant-recovery' ? e.id : `${e.id}-flr`,
    purpose: `${e.purpose} (${f === 'instant-recovery' ? 'Instant Recovery' : 'file-level restore'}).`,
    when: { ...e.when, features: [f] },
  }));

const ahvRows: readonly CatalogEntry[] = [
  // ------------------------------------------------------------------------------- Workers
  {
    id: 'ahv-worker-cluster-api',
    from: ['ahv-worker'],
    to: ['nutanix-cluster'],
    protocols: ['tcp'],
    ports: [[9440, 9440]],
    purpose: 'Worker access to the Nutanix AHV REST API (HTTPS) on the clusters and Prism Central.',
    sources: [WORKERS],
  },
  // --------------------------------------------------------------------------- Backup Server
  {
    id: 'ahv-server-worker',
    from: ['backup-server'],
    to: ['ahv-worker'],
    protocols: ['tcp'],
    ports: [[19000, 19000]],
    purpose: 'Backup server communication with the Nutanix AHV workers.',
    sources: [SERVER],
  },
  // ---------------------------------------------------------------------- vPower NFS Service
  ...vpower({
    id: 'ahv-vpower-portmapper',
    from: ['nutanix-cluster'],
    to: ['effective-mount-server'],
    protocols: ['tcp', 'udp'],
    ports: [[111, 111]],
    purpose: 'Port Mapper service of the vPower NFS Service on the mount server, reached from the Nutanix AHV cluster',
    sources: [VPOWER],
  }),
  ...vpower({
    id: 'ahv-vpower-mount-on-backup-server',
    from: ['nutanix-cluster'],
    to: ['effective-mount-server'],
    protocols: ['tcp', 'udp'],
    ports: [[1058, 1058]],
    dynamic: true,
    purpose: 'vPower NFS mount port 1058+ when the vPower NFS Service runs on the backup server (the next free port is used if 1058 is taken), reached from the Nutanix AHV cluster',
    when: { toHasRole: 'backup-server' },
    sources: [VPOWER],
  }),
  ...vpower({
    id: 'ahv-vpower-mount-on-mount-server',
    from: ['nutanix-cluster'],
    to: ['effective-mount-server'],
    protocols: ['tcp', 'udp'],
    ports: [[1063, 1063]],
    dynamic: true,
    purpose: 'vPower NFS mount port 1063+ when the vPower NFS Service runs on a separate mount server (the next free port is used if 1063 is taken), reached from the Nutanix AHV cluster',
    when: { toLacksRole: 'backup-server' },
    sources: [VPOWER],
  }),
  ...vpower({
    id: 'ahv-vpower-nfs',
    from: ['nutanix-cluster'],
    to: ['effective-mount-server'],
    protocols: ['tcp', 'udp'],
    ports: [[2049, 2049]],
    dynamic: true,
    purpose: 'vPower NFS port 2049+ on the mount server (the next free port is used if 2049 is taken), reached from the Nutanix AHV cluster',
    sources: [VPOWER],
  }),
];

/** Rows written as `| To | Protocol | Port | Notes |` continuations (a new To, the From of the row above). */
const ahvContinuationRows: readonly CatalogEntry[] = [
  // ------------------------------------------------------------------------------- Workers
  {
    id: 'ahv-worker-server',
    from: ['ahv-worker'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[10006, 10006]],
    purpose: 'Worker connection to the backup server.',
    sources: [WORKERS],
    seed: { section: S12, row: 'AHV Worker | VBR Server | 6162' },
  },
  {
    id: 'ahv-worker-server-index',
    from: ['ahv-worker'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Default port range used by the worker to transfer the ransomware (malware detection) index to the backup server.',
    sources: [WORKERS],
  },
  {
    id: 'ahv-worker-cluster-iscsi',
    from: ['ahv-worker'],
    to: ['nutanix-cluster'],
    protocols: ['tcp'],
    ports: [[3205, 3205], [3260, 3260]],
    purpose: 'iSCSI access from the worker to the disks of Nutanix AHV VMs, on the cluster virtual IP, iSCSI Data Services IP and CVM IP addresses.',
    sources: [WORKERS],
  },
  {
    id: 'ahv-worker-repo-data-mover',
    from: ['ahv-worker'],
    to: ['backup-repository', 'gateway-server'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover transmission channel from the worker to the backup repository or gateway server for jobs and restore sessions; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [WORKERS],
    seed: { section: S12, row: 'AHV Worker | Repository | 2500-3300' },
  },
  {
    id: 'ahv-worker-update',
    from: ['ahv-worker'],
    to: ['veeam-update-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'HTTPS from the worker to the Veeam Update Repository (repository.veeam.com, distributed through Amazon CloudFront: cloudfront.net, amazonaws.com) to download worker update packages.',
    when: { features: ['veeam-updates'] },
    sources: [WORKERS],
  },
  {
    id: 'ahv-worker-ntp',
    from: ['ahv-worker'],
    to: ['ntp-server'],
    protocols: ['udp'],
    ports: [[123, 123]],
    purpose: 'Worker time synchronization with NTP servers.',
    sources: [WORKERS],
  },
  // --------------------------------------------------------------------------- Backup Server
  {
    id: 'ahv-server-worker-updater',
    from: ['backup-server'],
    to: ['ahv-worker'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'HTTPS used by the Platform Service on the backup server to reach the Veeam Updater service on the worker.',
    sources: [SERVER],
  },
  {
    id: 'ahv-server-cluster-platform',
    from: ['backup-server'],
    to: ['nutanix-cluster'],
    protocols: ['tcp'],
    ports: [[9440, 9440]],
    purpose: 'HTTPS used by the Platform Service on the backup server to connect to the Nutanix AHV cluster (Prism).',
    sources: [SERVER],
    seed: { section: S12, row: 'VBR Server | Nutanix Prism Central | 9440' },
  },
];

export const ahv: readonly CatalogEntry[] = [...ahvRows, ...ahvContinuationRows];
