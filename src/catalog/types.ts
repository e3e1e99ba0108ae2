/**
 * The catalog: one entry per documented flow, with its conditions and its sources.
 * @module
 */
import type { PortRange } from '../net/ports.js';
import type { Os, Selector } from './roles.js';

export type Protocol = 'tcp' | 'udp';

export const FEATURES = [
  'guest-processing',
  'instant-recovery',
  'backup-copy',
  'file-level-restore',
  'scale-out',
  'persistent-guest-agent',
  'remote-console',
  'veeam-updates',
  'object-storage-direct',
  'cdp',
  'vspc',
  'sql-always-on',
  'sosapi',
] as const;
export type Feature = (typeof FEATURES)[number];

export const FEATURE_INFO: Record<Feature, string> = {
  'guest-processing': 'application-aware processing and guest file indexing inside VMs',
  'instant-recovery': 'vPower NFS: Instant VM Recovery, SureBackup and on-demand sandbox',
  'backup-copy': 'backup copy jobs between repositories',
  'file-level-restore': 'guest OS file-level restore through the mount server',
  'scale-out': 'scale-out backup repositories (data moves between extents)',
  'persistent-guest-agent': 'persistent guest agent components instead of the non-persistent runtime',
  'remote-console': 'remote Veeam Backup & Replication console (file restore data to the console)',
  'veeam-updates': 'the backup server reaches Veeam update and licence servers over the internet',
  cdp: 'continuous data protection (CDP) replication, to a cloud host or on premises',
  vspc: 'Veeam Service Provider Console manages the backup server',
  sosapi: 'the S3-compatible object storage supports the Smart Object Storage API (auxiliary HTTPS from the backup server)',
  'sql-always-on': 'Veeam Agents on SQL Server Always On Availability Group clusters (log collection)',
  'object-storage-direct': 'object storage in direct connection mode: backup proxies, repositories and mount servers reach it themselves, not through the gateway',
};

export type Phase = 'operate' | 'deploy';
export type Transport = 'network' | 'hotadd' | 'san';

/** Port keys that a deployment may override (`overrides:` in the deployment file). */
export type ServiceKey = 'rest-api' | 'data-mover' | 'web-ui';

export interface SourceRef {
  /** File under reference/veeam-v13/, e.g. `used_ports.md` or `cloud/ports.md`. */
  page: string;
  /** Section heading as printed on the page; `A > B` names the first heading B after heading A. */
  section: string;
}

export interface SeedRef {
  /** Section of the seed article, e.g. `2. Backup Server (Core Ports)`. */
  section: string;
  /** The article's row as From | To | Port, for errata and cross-reference. */
  row?: string;
}

export interface Conditions {
  /** Every listed feature must be enabled. */
  features?: readonly Feature[];
  /** At least one of these features must be enabled. */
  anyFeatures?: readonly Feature[];
  /** None of these features may be enabled (e.g. the non-persistent runtime is not used with the persistent agent). */
  withoutFeatures?: readonly Feature[];
  /** `deploy`: needed only to install and upgrade components (absent from an operate plan). */
  phase?: 'deploy';
  fromOs?: Os;
  toOs?: Os;
  /** The source (a VMware proxy) must use one of these transport modes. */
  transport?: readonly Transport[];
  /** The destination must (or must not) also have this role, e.g. vPower NFS on the backup server. */
  toHasRole?: Selector;
  /** The source (or destination) host was deployed from the Veeam Software/Infrastructure Appliance ISO. */
  fromAppliance?: boolean;
  toAppliance?: boolean;
  /** The destination database engine (`database:` of a config-database host; PostgreSQL by default). */
  toDatabase?: 'postgresql' | 'mssql';
  toLacksRole?: Selector;
  /** The deployment must have a host with this role or class (e.g. SMB-share flows only when there is an SMB share). */
  deploymentHas?: Selector;
  /** The deployment must have no host with this role or class (e.g. proxy → ESXi 443 only without vCenter). */
  deploymentLacks?: Selector;
  /** Product versions the entry applies to, inclusive, e.g. `{ min: '13.0' }`. */
  version?: { min?: string; max?: string };
}

export interface CatalogEntry {
  /** Stable kebab-case id, unique in the catalog. */
  id: string;
  from: readonly Selector[];
  to: readonly Selector[];
  protocols: readonly Protocol[];
  /** Primary ports, sorted inclusive ranges. */
  ports: readonly PortRange[];
  /** Failover ports (2500-3300 behind 6162, 11731 behind 6160); left out with `--no-failover`. */
  failover?: readonly PortRange[];
  /** `1058+`: the first free port from the base is used; the plan opens the base port and says so. */
  dynamic?: boolean;
  /** Listens only while a job runs (data channels), so a refused probe is not a failure. */
  jobOnly?: boolean;
  purpose: string;
  when?: Conditions;
  service?: ServiceKey;
  /** The official pages that document this flow. At least one. */
  sources: readonly SourceRef[];
  /** The seed article's section and row, where it has one. */
  seed?: SeedRef;
  /** Further seed rows that say the same (the article repeats rows across sections). */
  seeds?: readonly SeedRef[];
}

export interface Erratum {
  id: string;
  seed: SeedRef & { row: string };
  official: { page: string; section: string; row: string };
  /** What differs, in one sentence. */
  differs: string;
  /** Catalog entries that follow the official row. */
  entries: readonly string[];
}
