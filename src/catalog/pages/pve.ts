/**
 * Catalog entries for Veeam Plug-in for Proxmox VE, transcribed from the official v13 page
 * `pve_used_ports.md` (roles `proxmox-host` and `proxmox-worker`).
 *
 * SOURCES (sections transcribed):
 * - pve_used_ports.md § Workers
 * - pve_used_ports.md § Backup Server
 * - pve_used_ports.md § Guest Interaction Proxies, Protected Workloads,
 *   Guest Processing Components > Gateway Servers, Guest Processing Components > Hypervisors:
 *   these tables are word for word the used_ports.md guest processing tables, so they are cited
 *   as a second source on the `plat-gp-*` entries of used-ports-platforms.ts instead of being
 *   duplicated here.
 *
 * SKIPPED rows:
 * - § Backup Server: Backup server → Backup server, TCP/HTTPS 6172 ("Platform Service ...
 *   communication with the Veeam Backup & Replication database"): a flow from the backup server
 *   to itself, no network rule (an entry would wrongly open it between HA cluster nodes).
 * - § Backup Server: Backup server → FLR helper appliance, TCP 22 (file-level restore): no role
 *   for the FLR helper appliance in roles.ts.
 * - § Log Shipping Components (Log Shipping Servers, MS SQL Guest OS, Oracle Guest OS,
 *   PostgreSQL Guest OS, Backup Repositories, Log Shipping Components > Gateway Servers,
 *   Log Shipping Components > Hypervisors): log shipping is not in this brief's scope; the rows
 *   are the same as used_ports.md § Log Shipping Components.
 *
 * The Workers and Backup Server tables write continuation rows as `| To | Protocol | Port | Notes |`
 * (a new To, the From of the row above) and name the protocol `SSH`; reference.ts reads both.
 * @module
 */
import type { CatalogEntry, SourceRef } from '../types.js';

const WORKERS: SourceRef = { page: 'pve_used_ports.md', section: 'Workers' };
const SERVER: SourceRef = { page: 'pve_used_ports.md', section: 'Backup Server' };
const S12 = '12. Plug-in Workloads (AHV, Proxmox)';

const pveRows: readonly CatalogEntry[] = [
  // ------------------------------------------------------------------------------- Workers
  {
    id: 'pve-worker-host-api',
    from: ['proxmox-worker'],
    to: ['proxmox-host'],
    protocols: ['tcp'],
    ports: [[8006, 8006]],
    purpose: 'Worker access to the REST API service (HTTPS) on the Proxmox VE server.',
    sources: [WORKERS],
  },
  // --------------------------------------------------------------------------- Backup Server
  {
    id: 'pve-server-worker',
    from: ['backup-server'],
    to: ['proxmox-worker'],
    protocols: ['tcp'],
    ports: [[19000, 19000]],
    purpose: 'Backup server communication with the Proxmox VE workers.',
    sources: [SERVER],
  },
];

/** Rows written as `| To | Protocol | Port | Notes |` continuations (a new To, the From of the row above). */
const pveContinuationRows: readonly CatalogEntry[] = [
  // ------------------------------------------------------------------------------- Workers
  {
    id: 'pve-worker-host-ssh',
    from: ['proxmox-worker'],
    to: ['proxmox-host'],
    protocols: ['tcp'],
    ports: [[22, 22]],
    purpose: 'Worker SSH communication with the Proxmox VE server.',
    sources: [WORKERS],
  },
  {
    id: 'pve-worker-server',
    from: ['proxmox-worker'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[10006, 10006]],
    purpose: 'Worker communication with the backup server.',
    sources: [WORKERS],
    seed: { section: S12, row: 'Proxmox Worker | VBR Server | 6162' },
  },
  {
    id: 'pve-worker-server-index',
    from: ['proxmox-worker'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Default port range used by the worker to transfer the ransomware (malware detection) index to the backup server.',
    sources: [WORKERS],
  },
  {
    id: 'pve-worker-repo-data-mover',
    from: ['proxmox-worker'],
    to: ['backup-repository', 'gateway-server'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover transmission channel from the worker to the backup repository or gateway server for jobs and restore sessions; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [WORKERS],
    seed: { section: S12, row: 'Proxmox Worker | Repository | 2500-3300' },
  },
  {
    id: 'pve-worker-update',
    from: ['proxmox-worker'],
    to: ['veeam-update-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'HTTPS from the worker to the Veeam Update Repository (distributed through Amazon CloudFront: cloudfront.net, amazonaws.com) to download worker deployment packages.',
    when: { features: ['veeam-updates'] },
    sources: [WORKERS],
  },
  {
    id: 'pve-worker-ntp',
    from: ['proxmox-worker'],
    to: ['ntp-server'],
    protocols: ['udp'],
    ports: [[123, 123]],
    purpose: 'Worker time synchronization with NTP servers.',
    sources: [WORKERS],
  },
  // --------------------------------------------------------------------------- Backup Server
  {
    id: 'pve-server-worker-updater',
    from: ['backup-server'],
    to: ['proxmox-worker'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'HTTPS used by the Platform Service on the backup server to reach the Veeam Updater service on the worker.',
    sources: [SERVER],
  },
  {
    id: 'pve-server-host-api',
    from: ['backup-server'],
    to: ['proxmox-host'],
    protocols: ['tcp'],
    ports: [[8006, 8006]],
    purpose: 'Backup server access to the REST API service (HTTPS) on the Proxmox VE server.',
    sources: [SERVER],
    seed: { section: S12, row: 'VBR Server | Proxmox Host | 8006' },
  },
  {
    id: 'pve-server-host-ssh',
    from: ['backup-server'],
    to: ['proxmox-host'],
    protocols: ['tcp'],
    ports: [[22, 22]],
    purpose: 'Backup server SSH communication with the Proxmox VE server.',
    sources: [SERVER],
  },
];

export const pve: readonly CatalogEntry[] = [...pveRows, ...pveContinuationRows];
