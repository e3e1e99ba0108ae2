/**
 * Roles a host can have in a deployment (the contract's names and a few more), and the classes
 * the catalog uses to speak of several roles at once ("any backup repository").
 * @module
 */
export const ROLE_NAMES = [
  'backup-server',
  'console',
  'rest-client',
  'config-database',
  'enterprise-manager',
  'veeam-one-server',
  'vmware-proxy',
  'hyperv-host',
  'hyperv-offhost-proxy',
  'scvmm',
  'guest-interaction-proxy',
  'gateway-server',
  'windows-repository',
  'linux-repository',
  'hardened-repository',
  'smb-share',
  'nfs-share',
  'object-storage',
  'mount-server',
  'vcenter',
  'esxi-host',
  'windows-guest',
  'linux-guest',
  'windows-agent',
  'linux-agent',
  'cloud-gateway',
  'cloud-tenant',
  'proxmox-host',
  'proxmox-worker',
  'nutanix-cluster',
  'ahv-worker',
  'domain-controller',
  'dns-server',
  'ntp-server',
  'smtp-server',
  'kms-server',
  'syslog-server',
  'veeam-update-server',
  'veeam-license-server',
  'veeam-ai-assistant',
  'mail-api',
  'crl-server',
  'archive-appliance',
  'hyperv-smb3-storage',
] as const;

export type Role = (typeof ROLE_NAMES)[number];

export type Os = 'windows' | 'linux';

export interface RoleInfo {
  description: string;
  /** The OS the role implies when the host does not say. */
  os?: Os;
  /** Whether Veeam deploys its own components (Installer, Data Mover) to the host. */
  managed?: boolean;
  /** FQDNs Veeam's documentation names for a service host, used when the host gives none. */
  fqdns?: readonly string[];
}

export const ROLES: Record<Role, RoleInfo> = {
  'backup-server': { description: 'Veeam Backup & Replication server (Windows, or Linux from the Veeam Software Appliance)', managed: true },
  console: { description: 'Remote Veeam Backup & Replication console or a PC with the web UI open' },
  'rest-client': { description: 'Client of the Veeam Backup & Replication REST API' },
  'config-database': { description: 'PostgreSQL or Microsoft SQL Server holding the configuration database, when not on the backup server' },
  'enterprise-manager': { description: 'Veeam Backup Enterprise Manager server (Windows, or Linux from the Veeam Software Appliance)' },
  'veeam-one-server': { description: 'Veeam ONE server (monitoring and reporting)', os: 'windows' },
  'vmware-proxy': { description: 'VMware backup proxy (transport: network, hotadd or san)', managed: true },
  'hyperv-host': { description: 'Microsoft Hyper-V server (also the on-host backup proxy)', os: 'windows', managed: true },
  'hyperv-offhost-proxy': { description: 'Microsoft Hyper-V off-host backup proxy', os: 'windows', managed: true },
  scvmm: { description: 'Microsoft System Center Virtual Machine Manager server', os: 'windows', managed: true },
  'guest-interaction-proxy': { description: 'Guest interaction proxy: deploys the runtime into VM guests for application-aware processing and indexing', managed: true },
  'gateway-server': { description: 'Gateway server for SMB/NFS shares, deduplicating appliances or object storage', managed: true },
  'windows-repository': { description: 'Microsoft Windows backup repository', os: 'windows', managed: true },
  'linux-repository': { description: 'Linux backup repository', os: 'linux', managed: true },
  'hardened-repository': { description: 'Linux hardened (immutable) backup repository', os: 'linux', managed: true },
  'smb-share': { description: 'SMB (CIFS) share used as a backup repository' },
  'nfs-share': { description: 'NFS share used as a backup repository' },
  'object-storage': { description: 'Object storage repository (Amazon S3, S3-compatible, Azure Blob, Google Cloud)' },
  'mount-server': { description: 'Mount server (file-level restore, vPower NFS for Instant Recovery and SureBackup)', os: 'windows', managed: true },
  vcenter: { description: 'VMware vCenter Server' },
  'esxi-host': { description: 'VMware ESXi host' },
  'windows-guest': { description: 'Microsoft Windows VM guest OS protected with guest processing', os: 'windows' },
  'linux-guest': { description: 'Linux VM guest OS protected with guest processing', os: 'linux' },
  'windows-agent': { description: 'Veeam Agent for Microsoft Windows managed by the backup server', os: 'windows' },
  'linux-agent': { description: 'Veeam Agent for Linux managed by the backup server', os: 'linux' },
  'cloud-gateway': { description: 'Veeam Cloud Connect gateway (service provider side)', managed: true },
  'cloud-tenant': { description: 'Veeam Cloud Connect tenant: a tenant backup server or agent', },
  'proxmox-host': { description: 'Proxmox VE host', os: 'linux' },
  'proxmox-worker': { description: 'Veeam worker for Proxmox VE (a VM on the Proxmox VE host)', os: 'linux' },
  'nutanix-cluster': { description: 'Nutanix AHV cluster or Prism Central' },
  'ahv-worker': { description: 'Veeam worker for Nutanix AHV (a VM on the cluster)', os: 'linux' },
  'domain-controller': { description: 'Active Directory domain controller' },
  'dns-server': { description: 'DNS server' },
  'ntp-server': { description: 'NTP (or NTS) time server' },
  'smtp-server': { description: 'SMTP mail server for notifications' },
  'kms-server': { description: 'Key Management System server (KMIP)' },
  'syslog-server': { description: 'Syslog server' },
  'veeam-update-server': { description: 'Veeam update servers (Update Repository and Update Notification Server)', fqdns: ['repository.veeam.com', 'dev.veeam.com', 'vbrad.butler.veeam.com', 'vbrce.butler.veeam.com'] },
  'veeam-license-server': { description: 'Veeam License Update Server', fqdns: ['vbr.butler.veeam.com', 'autolk.veeam.com'] },
  'veeam-ai-assistant': { description: 'Veeam AI Assistant service', fqdns: ['rest-ai.veeam.com'] },
  'mail-api': { description: 'Gmail or Microsoft Graph REST API used for email notifications' },
  'crl-server': { description: 'Certificate revocation list (CRL) and OCSP endpoints of a certificate authority' },
  'archive-appliance': { description: 'Amazon EC2 or Microsoft Azure helper appliance of the archive tier' },
  'hyperv-smb3-storage': { description: 'Microsoft SMB3 server holding Hyper-V VM storage', os: 'windows', managed: true },
};

/**
 * Classes: names the catalog uses for a set of roles, as the official tables do
 * ("Backup repository", "Backup proxy", "managed server").
 */
export const CLASSES = {
  'backup-proxy': ['vmware-proxy'],
  'hyperv-proxy': ['hyperv-host', 'hyperv-offhost-proxy'],
  'backup-repository': ['windows-repository', 'linux-repository', 'hardened-repository'],
  'share-repository': ['smb-share', 'nfs-share'],
  'vm-guest': ['windows-guest', 'linux-guest'],
  agent: ['windows-agent', 'linux-agent'],
  'managed-server': [
    'vmware-proxy', 'hyperv-host', 'hyperv-offhost-proxy', 'guest-interaction-proxy', 'gateway-server',
    'windows-repository', 'linux-repository', 'hardened-repository', 'mount-server', 'cloud-gateway', 'scvmm',
    'hyperv-smb3-storage',
  ],
  /** "Any backup infrastructure component": the backup server and every managed server. */
  'veeam-component': [
    'backup-server', 'vmware-proxy', 'hyperv-host', 'hyperv-offhost-proxy', 'guest-interaction-proxy', 'gateway-server',
    'windows-repository', 'linux-repository', 'hardened-repository', 'mount-server', 'cloud-gateway', 'scvmm',
    'hyperv-smb3-storage', 'enterprise-manager',
  ],
} as const satisfies Record<string, readonly Role[]>;

export type RoleClass = keyof typeof CLASSES;

/**
 * Effective roles the planner computes from defaults Veeam applies when a deployment does not
 * name the component (see plan/defaults.ts):
 * - `effective-guest-interaction-proxy`: guest interaction proxies, else the backup server if it
 *   runs Windows, else the Windows VMware proxies;
 * - `effective-gateway`: gateway servers, else the backup server;
 * - `effective-share-gateway`: gateway servers, else the backup proxies (automatic selection);
 * - `effective-mount-server`: mount servers, else the backup server.
 */
export const EFFECTIVE = [
  'effective-guest-interaction-proxy',
  'effective-gateway',
  'effective-share-gateway',
  'effective-mount-server',
] as const;

export type EffectiveRole = (typeof EFFECTIVE)[number];

/** What a catalog entry's `from` and `to` may name. */
export type Selector = Role | RoleClass | EffectiveRole;

export const isRole = (s: string): s is Role => (ROLE_NAMES as readonly string[]).includes(s);
