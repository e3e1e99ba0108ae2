/**
 * Catalog entries transcribed from the Veeam Backup Enterprise Manager ports page
 * (`em/used_ports.md`, Enterprise Manager Guide v13).
 *
 * The page has two tables: Enterprise Manager on Linux (the Veeam Software Appliance) and on
 * Windows. The `enterprise-manager` role implies Windows; rows found only in the Linux table carry
 * `fromOs`/`toOs: 'linux'`, rows only in the Windows table `'windows'`, and rows identical in both
 * tables are one entry citing both sections.
 *
 * Sections transcribed:
 * - Veeam Backup Enterprise Manager on Linux (Veeam Software Appliance)
 * - Veeam Backup Enterprise Manager on Windows
 * - Guest OS File Restore (Windows)
 * - Guest OS File Restore (non-Windows)
 *
 * SKIPPED (rows not transcribed, with the reason):
 * - Both tables: Veeam Backup Enterprise Manager web application (Nginx) / website (IIS extension) →
 *   Veeam Backup Enterprise Manager Service TCP 9394: internal to the Enterprise Manager server, no network flow.
 * - Windows table: Veeam ONE Server (optional) → Veeam Backup Enterprise Manager server TCP "Dynamically
 *   assigned ports": no port number to transcribe.
 * - Microsoft SQL Server Database Restore (all rows: Machine running mount service → Target machine with
 *   Microsoft SQL Server TCP/UDP 135, 445, TCP 49152-65535, 6160, 1433, 1434, 1025-1034, UDP 1434; Target
 *   machine → Machine running mount service TCP 3260-3270; Target machine → Backup repository TCP 2500-3300):
 *   no role for the target SQL Server machine (`windows-guest` is a guest-processing target) and no feature
 *   for application-item restore, so the flows would open to every guest of every deployment.
 * - Oracle Database Restore (1-Click): Target machine with Oracle → Machine running mount service TCP
 *   3260-3270: no role for the target Oracle machine, no feature for application-item restore.
 * - Oracle Database Restore (Custom Settings): Machine running mount service → Target Windows machine with
 *   Oracle TCP 49152-65535, 1025-1034, 6160, 11731; → Target Linux machine with Oracle TCP 22, 2500-5000:
 *   same reason.
 *
 * @module
 */
import type { CatalogEntry } from '../types.js';

const PAGE = 'em/used_ports.md';
const LINUX = { page: PAGE, section: 'Veeam Backup Enterprise Manager on Linux (Veeam Software Appliance)' } as const;
const WINDOWS = { page: PAGE, section: 'Veeam Backup Enterprise Manager on Windows' } as const;
const FLR_WINDOWS = { page: PAGE, section: 'Guest OS File Restore (Windows)' } as const;
const FLR_OTHER = { page: PAGE, section: 'Guest OS File Restore (non-Windows)' } as const;
const SEED = '10. Enterprise Manager';

const emRows: readonly CatalogEntry[] = [
  // ── Enterprise Manager → backup servers (both tables) ────────────────────────────────────────
  {
    id: 'em-to-backup-server-https',
    from: ['enterprise-manager'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose:
      'Enterprise Manager to the backup server: initial connection and Identity Service (Linux-based servers), data collection from v13 servers (certificate port) and Veeam Guest Catalog replication.',
    sources: [LINUX, WINDOWS],
    seed: { section: SEED, row: 'Enterprise Manager | VBR Server | 9392' },
  },
  {
    id: 'em-to-windows-backup-server-initial',
    from: ['enterprise-manager'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[9392, 9392]],
    purpose: 'Initial connection from Enterprise Manager to a Microsoft Windows-based backup server.',
    when: { toOs: 'windows' },
    sources: [LINUX, WINDOWS],
    seed: { section: SEED, row: 'Enterprise Manager | VBR Server | 9392' },
  },
  {
    id: 'em-to-windows-backup-server-v12',
    from: ['enterprise-manager'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[9405, 9405]],
    purpose: 'Certificate port used by Enterprise Manager to collect data from Windows-based backup servers with version 12.',
    when: { toOs: 'windows', version: { max: '12.99' } },
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-windows-backup-server-rpc',
    from: ['enterprise-manager'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[49152, 65535]],
    purpose: 'Dynamic RPC port range on a Microsoft Windows-based backup server.',
    when: { toOs: 'windows' },
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-config-db-postgresql',
    from: ['enterprise-manager'],
    to: ['config-database'],
    protocols: ['tcp'],
    ports: [[5432, 5432]],
    purpose: 'PostgreSQL hosting the Enterprise Manager configuration database.',
    when: { toDatabase: 'postgresql' },
    sources: [LINUX, WINDOWS],
    seed: { section: SEED, row: 'Enterprise Manager | PostgreSQL / SQL Server | 5432 / 1433' },
  },
  {
    id: 'em-windows-to-config-db-mssql',
    from: ['enterprise-manager'],
    to: ['config-database'],
    protocols: ['tcp'],
    ports: [[1433, 1433]],
    purpose:
      'Microsoft SQL Server hosting the Enterprise Manager configuration database (Windows Enterprise Manager; other SQL Server ports may be needed depending on the configuration).',
    when: { fromOs: 'windows', toDatabase: 'mssql' },
    sources: [WINDOWS],
    seed: { section: SEED, row: 'Enterprise Manager | PostgreSQL / SQL Server | 5432 / 1433' },
  },

  // ── Enterprise Manager → external services (both tables) ─────────────────────────────────────
  {
    id: 'em-to-vcenter',
    from: ['enterprise-manager'],
    to: ['vcenter'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Connection to the vCenter Server and deployment of the Veeam Plug-in for vSphere Client (customizable at installation on Windows).',
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-dns',
    from: ['enterprise-manager'],
    to: ['dns-server'],
    protocols: ['udp'],
    ports: [[53, 53]],
    purpose: 'DNS to the server with forward and reverse name resolution of all backup servers.',
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-domain-controller-ldap',
    from: ['enterprise-manager'],
    to: ['domain-controller'],
    protocols: ['tcp', 'udp'],
    ports: [[389, 389]],
    purpose: 'Enterprise Manager service to Active Directory over LDAP.',
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-domain-controller-ldaps-gc',
    from: ['enterprise-manager'],
    to: ['domain-controller'],
    protocols: ['tcp'],
    ports: [[636, 636], [3268, 3268], [3269, 3269]],
    purpose: 'Enterprise Manager service to Active Directory: LDAPS (636), LDAP Global Catalog (3268) and Global Catalog over TLS/SSL (3269).',
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-domain-controller-rpc',
    from: ['enterprise-manager'],
    to: ['domain-controller'],
    protocols: ['tcp'],
    ports: [[49152, 65535]],
    purpose: 'Dynamic RPC range on the domain controller for the Enterprise Manager service, also used for restores through the Veeam Self-Service File Restore Portal.',
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-license-server',
    from: ['enterprise-manager'],
    to: ['veeam-license-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'License auto-update from the Veeam License Update Server (vbr.butler.veeam.com, autolk.veeam.com) over HTTPS.',
    when: { features: ['veeam-updates'] },
    sources: [LINUX, WINDOWS],
  },
  {
    id: 'em-to-license-crl',
    from: ['enterprise-manager'],
    to: ['crl-server'],
    protocols: ['tcp'],
    ports: [[80, 80]],
    purpose:
      'Certificate validation (CRL/OCSP, *.ss2.us and *.amazontrust.com) when Enterprise Manager checks the Veeam License Update Server for a new license.',
    when: { features: ['veeam-updates'] },
    sources: [LINUX, WINDOWS],
  },

  // ── Enterprise Manager on Linux (Veeam Software Appliance) only ──────────────────────────────
  {
    id: 'em-linux-to-update-repository',
    from: ['enterprise-manager'],
    to: ['veeam-update-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Veeam Software Appliance to the Veeam Update Repository (product, operating system and security updates) over HTTPS.',
    when: { fromOs: 'linux', features: ['veeam-updates'] },
    sources: [LINUX],
  },
  {
    id: 'em-linux-to-update-mirror',
    from: ['enterprise-manager'],
    to: ['veeam-update-server'],
    protocols: ['tcp'],
    ports: [[80, 80]],
    purpose: 'Veeam Software Appliance to a local mirror of the Veeam Update Repository over HTTP.',
    when: { fromOs: 'linux', features: ['veeam-updates'] },
    sources: [LINUX],
  },
  {
    id: 'em-linux-browser-https',
    from: ['console'],
    to: ['enterprise-manager'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose:
      'Browser to the Enterprise Manager website (Nginx) and Identity Service over HTTPS, also for the Self-Service Backup Portals.',
    when: { toOs: 'linux' },
    sources: [LINUX],
    seed: { section: SEED, row: 'Browser | Enterprise Manager | 9443' },
  },
  {
    id: 'em-linux-veeam-one',
    from: ['veeam-one-server'],
    to: ['enterprise-manager'],
    protocols: ['tcp'],
    ports: [[50001, 50001]],
    purpose: 'Veeam ONE data collection (gRPC) when the Enterprise Manager server is in the Veeam ONE monitoring scope (optional).',
    when: { toOs: 'linux' },
    sources: [LINUX],
  },
  {
    id: 'em-linux-host-management',
    from: ['console'],
    to: ['enterprise-manager'],
    protocols: ['tcp'],
    ports: [[10443, 10443]],
    purpose: 'Management client PC to Veeam Host Management of the Linux-based Enterprise Manager (remote access).',
    when: { toOs: 'linux' },
    sources: [LINUX],
  },

  // ── REST API (both tables; HTTP only on Windows) ─────────────────────────────────────────────
  {
    id: 'em-rest-https',
    from: ['rest-client', 'vcenter'],
    to: ['enterprise-manager'],
    protocols: ['tcp'],
    ports: [[9398, 9398]],
    purpose:
      'Enterprise Manager REST API over HTTPS, from REST clients and the VMware vSphere Client plug-in (separate from the backup server REST API on 9419).',
    sources: [LINUX, WINDOWS],
    seed: { section: SEED, row: 'REST API Client | Enterprise Manager | 9398' },
  },
  {
    id: 'em-windows-rest-http',
    from: ['rest-client', 'vcenter'],
    to: ['enterprise-manager'],
    protocols: ['tcp'],
    ports: [[9399, 9399]],
    purpose: 'Enterprise Manager REST API over HTTP, from REST clients and the VMware vSphere Client plug-in (Windows; customizable at installation).',
    when: { toOs: 'windows' },
    sources: [WINDOWS],
  },

  // ── Enterprise Manager on Windows only ───────────────────────────────────────────────────────
  {
    id: 'em-windows-browser',
    from: ['console'],
    to: ['enterprise-manager'],
    protocols: ['tcp'],
    ports: [[9080, 9080], [9443, 9443]],
    purpose:
      'Browser to the Enterprise Manager website (IIS) over HTTP (9080) and HTTPS (9443), also for the Self-Service Backup Portals; customizable at installation.',
    when: { toOs: 'windows' },
    sources: [WINDOWS],
    seed: { section: SEED, row: 'Browser | Enterprise Manager | 9443' },
  },

  // ── Data Recovery Operations ─────────────────────────────────────────────────────────────────
  {
    id: 'em-to-mount-server-file-restore',
    from: ['enterprise-manager'],
    to: ['effective-mount-server'],
    protocols: ['tcp'],
    ports: [[2500, 6000]],
    jobOnly: true,
    purpose:
      'File download during guest OS file restore from Enterprise Manager, to the mount server associated with the backup repository (or the helper host/appliance for non-Windows guests).',
    when: { features: ['file-level-restore'] },
    sources: [FLR_WINDOWS, FLR_OTHER],
  },
];

/** Rows the reader takes since it reads 3-cell new-To rows and `2500 to 2600` port-only rows. */
const emMoreRows: readonly CatalogEntry[] = [
  {
    id: 'em-to-backup-server-catalog',
    from: ['enterprise-manager'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[2500, 2600]],
    jobOnly: true,
    purpose: 'Veeam Guest Catalog service replicating catalog data from the backup server to Enterprise Manager.',
    sources: [LINUX, WINDOWS],
  },
];

export const em: readonly CatalogEntry[] = [...emRows, ...emMoreRows];
