/**
 * Catalog entries transcribed from the Veeam Agent management ports page
 * (`agents_used_ports.md`, Veeam Backup & Replication v13 User Guide).
 *
 * Sections transcribed:
 * - Communication Between Veeam Backup & Replication Components (backup server ↔ Veeam Agent computers)
 * - Communication with Veeam Backup Repositories (Veeam Agent ↔ repositories, gateway and mount servers)
 * - Communication with Object Storage (only the rows whose endpoints have roles)
 * - Communication with 3rd Party Components (Active Directory, DNS)
 *
 * Note on the page: in "Communication Between Veeam Backup & Replication Components" the Port cell
 * of the Installer Service row (Veeam backup server → Veeam Agent computer (Microsoft Windows)) is
 * truncated to `135,` by the conversion; its Notes name 137 to 139, 445, 6160 and 11731. The
 * entries below take 6160/11731 and 445 from those Notes (6160/11731 are also in the Port cell of
 * the Distribution server → Veeam Agent computer (Microsoft Windows) row of the same section, 445
 * in the repository section's row to the same computer). TCP 139 (NetBIOS session, "if you use
 * NetBIOS") is in no Port cell for this flow and is not transcribed; UDP 137-138 is (its own row).
 *
 * SKIPPED (rows not transcribed, with the reason):
 * - Communication Between… : Veeam backup server → Veeam Agent computer (Unix), TCP 22 and TCP 2500-3300:
 *   no role for Veeam Agent for Unix (AIX/Solaris); `linux-agent` is Veeam Agent for Linux.
 * - Communication Between… : Veeam backup server → Distribution server (Linux), TCP 22, 6160, 9380, and
 *   → Distribution server (Microsoft Windows), TCP 445, 6160, 11731, 9380: no role for the distribution server.
 * - Communication Between… : Distribution server → Veeam backup server TCP 443; Distribution server →
 *   Veeam Agent computer (Microsoft Windows) TCP 6160, 11731, → (Linux) TCP 6160, → (Unix) TCP 22:
 *   no role for the distribution server.
 * - Communication Between… : Veeam Agent computer (Linux, Unix, macOS) → backup server TCP 10006 is
 *   transcribed for `linux-agent` only; Unix and macOS agents have no role.
 * - Communication with Veeam Cloud Connect Repositories: Veeam Agent computer → Cloud gateway TCP 6180 and
 *   → Certificate revocation lists TCP 80 or 443: an agent that backs up to a Cloud Connect repository is a
 *   Cloud Connect tenant (`cloud-tenant`); these rows are cited as a second source by the cloud.ts
 *   entries `cc-tenant-agent-to-gateway` and `cc-tenant-agent-to-crl`.
 * - Communication with Object Storage: IBM Cloud object storage and S3 compatible object storage, TCP
 *   "Depends on device configuration": no port number to transcribe.
 * - Communication with Shared Folder Targets: Veeam Agent computer → Shared folder SMB (CIFS) share TCP 139,
 *   445 / UDP 137, 138, and → Shared folder NFS share TCP 111, 2049: the shares are explicitly "not added
 *   as a Veeam backup repository"; `smb-share`/`nfs-share` are repository shares, and there is no role
 *   for a shared-folder backup target.
 * - Communication with Cloud Machines: Veeam Backup & Replication / Amazon EC2 instance with Veeam Agent →
 *   Amazon cloud TCP 443, 80; Veeam Backup & Replication / Microsoft Azure virtual machine with Veeam Agent →
 *   Microsoft Azure cloud TCP 443, 80: no role for cloud machines or for the AWS/Azure service endpoints.
 *
 * @module
 */
import type { CatalogEntry } from '../types.js';

const PAGE = 'agents_used_ports.md';
const COMPONENTS = { page: PAGE, section: 'Communication Between Veeam Backup & Replication Components' } as const;
const REPOSITORIES = { page: PAGE, section: 'Communication with Veeam Backup Repositories' } as const;
const OBJECT_STORAGE = { page: PAGE, section: 'Communication with Object Storage' } as const;
const THIRD_PARTY = { page: PAGE, section: 'Communication with 3rd Party Components' } as const;
const SEED = '11. Agent Management';

const agentsRows: readonly CatalogEntry[] = [
  // ── Communication Between Veeam Backup & Replication Components ──────────────────────────────
  // Veeam backup server → Veeam Agent computer (Microsoft Windows)
  {
    id: 'agent-server-to-windows-agent-service',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[6184, 6184]],
    dynamic: true,
    purpose:
      'Veeam Agent for Microsoft Windows Service; if 6184 is in use the service takes the next free port in 6184-6195 and keeps it for later connections.',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-wmi',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[135, 135]],
    purpose:
      'RPC endpoint mapper for WMI queries from a Windows backup server: mandatory to back up failover clusters and for file-level restore, optional for faster Veeam Agent deployment.',
    when: { fromOs: 'windows' },
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-installer',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    failover: [[11731, 11731]],
    purpose:
      'Veeam Installer Service: deploys Veeam Agent and performs volume-level restore; 11731 only for Veeam Agent versions earlier than 13.0.1.',
    sources: [COMPONENTS],
    seed: { section: SEED, row: 'VBR Server | Windows Agent | 6160' },
  },
  {
    id: 'agent-server-to-windows-agent-netbios',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['udp'],
    ports: [[137, 138]],
    purpose:
      'NetBIOS name and datagram services, only if NetBIOS is used; with 445 they deploy the Veeam Installer Service and start restores from the console, not needed with the Veeam Deployment Kit.',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-smb',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[445, 445]],
    purpose:
      'SMB to deploy the Veeam Installer Service and start restores from the console (from the Notes; the Port cell is truncated to "135," on the page); not needed with the Veeam Deployment Kit.',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-sql-logs',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Collection of Microsoft SQL Server transaction logs from the Veeam Agent computer, one port per TCP connection of a job.',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-sql-aag',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[6167, 6167]],
    purpose:
      'SQL log collection from a Veeam Agent computer in a failover cluster with SQL Server Always On Availability Groups (used together with 2500-3300); only for such clusters.',
    when: { features: ['sql-always-on'] },
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-data-mover',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    purpose: 'Veeam Data Mover (Transport Service) on the Veeam Agent computer.',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-windows-agent-winrm',
    from: ['backup-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[5985, 5985]],
    purpose:
      'WinRM (HTTP): retrieves Windows Failover Cluster configuration and carries WMI queries from a Linux backup server (mandatory for failover clusters and file-level restore).',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-linux-agent-ssh',
    from: ['backup-server'],
    to: ['linux-agent'],
    protocols: ['tcp'],
    ports: [[22, 22]],
    purpose: 'SSH from the backup server to the Linux Veeam Agent computer; not needed when the Veeam Deployment Kit is installed (certificate authentication over 6160).',
    sources: [COMPONENTS],
    seed: { section: SEED, row: 'VBR Server | Linux Agent | 22' },
  },
  // Veeam backup server → Veeam Agent computer (Linux)
  {
    id: 'agent-server-to-linux-agent-deployer',
    from: ['backup-server'],
    to: ['linux-agent'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose:
      'Veeam Deployer Service on the Linux Veeam Agent computer (also certificate authentication when the Veeam Deployment Kit is installed); the port can be customized (KB4519).',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-linux-agent-data-mover',
    from: ['backup-server'],
    to: ['linux-agent'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    purpose: 'Veeam Data Mover (Transport Service) on the Linux Veeam Agent computer; the port can be customized (KB4519).',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-server-to-linux-agent-data',
    from: ['backup-server'],
    to: ['linux-agent'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose:
      'Data transmission between Veeam Agent components, one port per TCP connection; needed only when the Data Mover runs on the backup server (target is its default repository or it acts as gateway).',
    sources: [COMPONENTS],
  },
  // Veeam Agent computer → Veeam backup server
  {
    id: 'agent-windows-agent-to-server',
    from: ['windows-agent'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[10005, 10005]],
    purpose:
      'Veeam Agent for Microsoft Windows to the backup server (management); backup data goes directly to the repositories, bypassing the backup server.',
    sources: [COMPONENTS],
    seed: { section: SEED, row: 'Agent (Win/Lin) | VBR Server | 6162' },
  },
  {
    id: 'agent-windows-agent-to-server-ransomware-index',
    from: ['windows-agent'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Publishing the ransomware index from Veeam Agent for Microsoft Windows to the backup server, one port per TCP connection of a job.',
    sources: [COMPONENTS],
  },
  {
    id: 'agent-linux-agent-to-server',
    from: ['linux-agent'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[10006, 10006]],
    purpose:
      'Veeam Agent for Linux in managed mode to the backup server (management); backup data goes directly to the repositories, bypassing the backup server.',
    sources: [COMPONENTS],
    seed: { section: SEED, row: 'Agent (Win/Lin) | VBR Server | 6162' },
  },

  // ── Communication with Veeam Backup Repositories ─────────────────────────────────────────────
  {
    id: 'agent-to-repository-data-mover',
    from: ['agent'],
    to: ['backup-repository'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose:
      'Veeam Data Mover on the backup repository: backup data and log upload from Veeam Agents; 2500-3300 only for failover if 6162 is unavailable.',
    sources: [REPOSITORIES],
    seed: { section: SEED, row: 'Agent (Win/Lin) | Repository | 2500-3300' },
  },
  {
    id: 'agent-to-gateway-data-mover',
    from: ['agent'],
    to: ['effective-gateway'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose:
      'Veeam Data Mover on the gateway server of the target repository: backup data from Veeam Agents; 2500-3300 only for failover if 6162 is unavailable.',
    sources: [REPOSITORIES],
  },
  {
    id: 'agent-to-windows-gateway-netbios-udp',
    from: ['agent'],
    to: ['effective-gateway'],
    protocols: ['udp'],
    ports: [[137, 138]],
    purpose: 'NetBIOS name and datagram services to a Windows gateway server, only if NetBIOS is used in the infrastructure.',
    when: { toOs: 'windows' },
    sources: [REPOSITORIES],
  },
  {
    id: 'agent-restore-to-windows-agent-installer',
    from: ['backup-repository', 'effective-gateway', 'effective-mount-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service on the Windows Veeam Agent computer, used for restore operations.',
    sources: [REPOSITORIES],
  },
  {
    id: 'agent-restore-to-windows-agent-data-mover',
    from: ['backup-repository', 'effective-gateway', 'effective-mount-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    purpose: 'Veeam Data Mover on the Windows Veeam Agent computer, used for restore operations.',
    sources: [REPOSITORIES],
  },
  {
    id: 'agent-restore-to-windows-agent-smb',
    from: ['backup-repository', 'effective-gateway', 'effective-mount-server'],
    to: ['windows-agent'],
    protocols: ['tcp'],
    ports: [[445, 445]],
    purpose: 'SMB to connect to the Windows Veeam Agent computer with credentials; not needed with certificate-based authentication.',
    sources: [REPOSITORIES],
  },
  {
    id: 'agent-restore-to-linux-agent-deployer',
    from: ['backup-repository', 'effective-gateway', 'effective-mount-server'],
    to: ['linux-agent'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Deployer Service on the Linux Veeam Agent computer, used for restore operations.',
    sources: [REPOSITORIES],
  },
  {
    id: 'agent-restore-to-linux-agent-data-mover',
    from: ['backup-repository', 'effective-gateway', 'effective-mount-server'],
    to: ['linux-agent'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    purpose: 'Veeam Data Mover (Transport Service) on the Linux Veeam Agent computer, used for restore operations.',
    sources: [REPOSITORIES],
  },

  // ── Communication with Object Storage ────────────────────────────────────────────────────────
  {
    id: 'agent-gateway-to-object-storage',
    from: ['effective-gateway'],
    to: ['object-storage'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose:
      'HTTPS to Amazon S3, Microsoft Azure Blob, Google Cloud storage or Veeam Data Cloud Vault for Veeam Agent backups to object storage (IBM Cloud and S3-compatible ports depend on the device).',
    when: { deploymentHas: 'agent' },
    sources: [OBJECT_STORAGE],
  },
  {
    id: 'agent-gateway-to-object-storage-crl',
    from: ['effective-gateway'],
    to: ['crl-server'],
    protocols: ['tcp'],
    ports: [[80, 80]],
    purpose:
      'HTTP to the certificate status endpoints (CRL/OCSP) of Amazon S3, Microsoft Azure or Google Cloud storage for Veeam Agent backups to object storage.',
    when: { deploymentHas: 'agent' },
    sources: [OBJECT_STORAGE],
  },

  // ── Communication with 3rd Party Components ──────────────────────────────────────────────────
  {
    id: 'agent-server-to-domain-controller-ldap',
    from: ['backup-server'],
    to: ['domain-controller'],
    protocols: ['tcp'],
    ports: [[389, 389], [636, 636]],
    purpose: 'LDAP (389) and LDAPS, secure LDAP (636), connections from the backup server to Microsoft Active Directory.',
    when: { deploymentHas: 'agent' },
    sources: [THIRD_PARTY],
  },
  {
    id: 'agent-server-to-dns',
    from: ['backup-server'],
    to: ['dns-server'],
    protocols: ['tcp'],
    ports: [[53, 53]],
    purpose: 'DNS over TCP to the DNS server with forward and reverse name resolution of all backup servers.',
    when: { deploymentHas: 'agent' },
    sources: [THIRD_PARTY],
  },
];

/** Rows the reader takes since it reads 3-cell new-To rows and `2500 to 2600` port-only rows. */
const agentsMoreRows: readonly CatalogEntry[] = [
  {
    id: 'agent-to-windows-gateway-smb',
    from: ['agent'],
    to: ['effective-gateway'],
    protocols: ['tcp'],
    ports: [[139, 139], [445, 445]],
    purpose: 'SMB (445) and NetBIOS session (139, only if NetBIOS is used) from the Veeam Agent computer to a Windows gateway server.',
    when: { toOs: 'windows' },
    sources: [REPOSITORIES],
  },
];

export const agents: readonly CatalogEntry[] = [...agentsRows, ...agentsMoreRows];
