/**
 * Catalog entries transcribed from the Veeam Cloud Connect ports page (`cloud/ports.md`, Veeam
 * Cloud Connect Guide v13), provider and tenant sides.
 *
 * The deployment is the service provider's: its `backup-server` is the SP backup server, its
 * `cloud-gateway` hosts are the cloud gateways, `backup-repository` hosts hold the cloud
 * repositories. Every tenant-side component (tenant backup server, console, backup proxy, Hyper-V
 * server, repository, CDP proxy, network extension appliance, Veeam Agent) is a `cloud-tenant` host
 * on the internet; only `cloud-tenant` → `cloud-gateway` (6180) faces the internet.
 *
 * Sections transcribed:
 * - Ports (the one table; continuation rows keep From and, for a row without a To cell, To)
 * The diagram sections (Ports in Backup / Snapshot-Based Replication / CDP / Universal CDP / Remote
 * Access Console Scenarios) hold images only.
 *
 * SKIPPED (rows of § Ports not transcribed, with the reason):
 * - Cloud gateway → SP CDP proxy TCP 33032, 33033: no role for CDP proxies.
 * - Cloud gateway → Provider-side network extension appliance UDP 1195: no role for the network extension appliance.
 * - Cloud gateway → WAN accelerator TCP 6165: no role for WAN accelerators.
 * - Cloud gateway → Veeam Service Provider Console server TCP 9999: no role for the VSPC server.
 * - SP backup server → Provider-side network extension appliance TCP 22 and ICMP: no role (and ICMP has no port).
 * - SP backup server → WAN accelerator TCP 6164, 6220: no role for WAN accelerators.
 * - Tenant backup server → Tenant-side network extension appliance TCP 22: both endpoints are on the tenant
 *   side (no role for the appliance; the flow does not cross the provider).
 * - Tenant backup server → Endpoint used by the Automatic Root Certificates Update component TCP 443: no role
 *   for the Windows Update endpoint (it is not a CRL/OCSP endpoint of a CA).
 * - Backup server → Backup server TCP 10003: local to the backup server, no network flow.
 * - Provider-side network extension appliance → Cloud gateway UDP 1195: no role for the appliance.
 * - Remote Access Console (SP LAN) → SP backup server TCP 8191, 9392, 10003: no role or feature for the SP's
 *   Remote Access Console; mapped to `console` it would open 9392 from every console of every Cloud Connect
 *   deployment, where a v13 console reaches the backup server on 443.
 * - Remote Access Console (Internet) → Cloud gateway TCP 6180, and → Certificate Revocation Lists TCP 80 or 443:
 *   no role for a provider console on the internet (`console` is the LAN console, `cloud-tenant` a tenant);
 *   6180 on the gateway is open to the internet anyway through the tenant entries.
 *
 * @module
 */
import type { CatalogEntry } from '../types.js';

const PORTS = { page: 'cloud/ports.md', section: 'Ports' } as const;
const AGENT_CC = { page: 'agents_used_ports.md', section: 'Communication with Veeam Cloud Connect Repositories' } as const;
const SEED = '9. Cloud Connect Gateway';

export const cloud: readonly CatalogEntry[] = [
  // ── Cloud gateway → SP backup server / SP infrastructure ─────────────────────────────────────
  {
    id: 'cc-gateway-to-server-cloud-commands',
    from: ['cloud-gateway'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[6169, 6169]],
    purpose: 'Veeam Cloud Connect Service on the SP backup server: cloud commands from the tenant side, passed through the cloud gateway.',
    sources: [PORTS],
    seed: { section: SEED, row: 'Cloud Connect Gateway | SP VBR Server | 6162' },
  },
  {
    id: 'cc-gateway-to-server-redirectors',
    from: ['cloud-gateway'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[8190, 8191]],
    purpose: 'SP-side network redirectors on the SP backup server: Remote Access Console and Remote Desktop Connection to tenants.',
    sources: [PORTS],
  },
  {
    id: 'cc-gateway-to-server-vspc-agent',
    from: ['cloud-gateway'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[2500, 5000]],
    jobOnly: true,
    purpose: 'Transfer of the Veeam Service Provider Console agent from the SP backup server to the tenant backup server (only with VSPC).',
    when: { features: ['vspc'] },
    sources: [PORTS],
  },
  {
    id: 'cc-gateway-to-server-cdp-coordinator',
    from: ['cloud-gateway'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[6185, 6185], [33034, 33035]],
    purpose: 'Veeam CDP Coordinator Service on the SP backup server (only for CDP replication to the cloud host).',
    when: { features: ['cdp'] },
    sources: [PORTS],
  },
  {
    id: 'cc-gateway-to-repository',
    from: ['cloud-gateway'],
    to: ['backup-repository'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose:
      'Data transmission channels to the cloud repository, one port per TCP connection of a job (components added before an upgrade from versions earlier than 10.0 use 2500-5000).',
    sources: [PORTS],
    seed: { section: SEED, row: 'Cloud Connect Gateway | SP Repository | 2500-3300' },
  },
  {
    id: 'cc-gateway-to-proxy',
    from: ['cloud-gateway'],
    to: ['backup-proxy', 'hyperv-host'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose:
      'Data transmission channels to the SP backup proxy for cloud replication (for Hyper-V replicas the proxy is the target Hyper-V host), one port per TCP connection of a job.',
    sources: [PORTS],
  },

  // ── SP backup server → Cloud gateway and SP infrastructure ───────────────────────────────────
  {
    id: 'cc-server-to-gateway-deploy',
    from: ['backup-server'],
    to: ['cloud-gateway'],
    protocols: ['tcp'],
    ports: [[135, 135], [445, 445]],
    purpose: 'RPC and SMB (ADMIN$) for deploying Veeam Backup & Replication components to the cloud gateway.',
    when: { phase: 'deploy' },
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-gateway-installer',
    from: ['backup-server'],
    to: ['cloud-gateway'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service on the cloud gateway: deploys the Veeam Cloud Gateway Service and is used during failover operations.',
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-gateway-cloud-commands',
    from: ['backup-server'],
    to: ['cloud-gateway'],
    protocols: ['tcp'],
    ports: [[6168, 6168]],
    purpose:
      'Cloud commands from the Veeam Cloud Connect Service to the cloud gateway: set up, delete and check data transport channels between tenants and the cloud repository.',
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-gateway-data',
    from: ['backup-server'],
    to: ['cloud-gateway'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose:
      'Data transmission channels to the cloud gateway, one port per TCP connection of a job (components added before an upgrade from versions earlier than 10.0 use 2500-5000).',
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-domain-controller-ldap',
    from: ['backup-server'],
    to: ['domain-controller'],
    protocols: ['tcp', 'udp'],
    ports: [[389, 389]],
    purpose: 'LDAP to Active Directory domain controllers for authentication of Active Directory tenants.',
    when: { deploymentHas: 'cloud-gateway' },
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-domain-controller-ldaps',
    from: ['backup-server'],
    to: ['domain-controller'],
    protocols: ['tcp'],
    ports: [[636, 636]],
    purpose: 'LDAPS to Active Directory domain controllers for authentication of Active Directory tenants.',
    when: { deploymentHas: 'cloud-gateway' },
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-repository-data',
    from: ['backup-server'],
    to: ['backup-repository', 'gateway-server'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Data transmission channels from the SP backup server to the SP backup repository (or its gateway server), one port per TCP connection of a job.',
    when: { deploymentHas: 'cloud-gateway' },
    sources: [PORTS],
  },
  {
    id: 'cc-repository-to-gateway',
    from: ['backup-repository', 'gateway-server'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose: 'SP backup repository (or gateway server) to the cloud gateway when creating a replica from a cloud backup or seeding a replica from a cloud backup.',
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-update-notification',
    from: ['backup-server'],
    to: ['veeam-update-server'],
    protocols: ['tcp'],
    ports: [[80, 80]],
    purpose: 'Download of update information from the Veeam Update Notification Server (dev.veeam.com) over the internet.',
    when: { deploymentHas: 'cloud-gateway', features: ['veeam-updates'] },
    sources: [PORTS],
  },
  {
    id: 'cc-server-to-license-server',
    from: ['backup-server'],
    to: ['veeam-license-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'License auto-update from the Veeam License Update Server (autolk.veeam.com) over HTTPS.',
    when: { deploymentHas: 'cloud-gateway', features: ['veeam-updates'] },
    sources: [PORTS],
  },

  // ── SP console → SP backup server ────────────────────────────────────────────────────────────
  {
    id: 'cc-console-to-server',
    from: ['console'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[10003, 10003]],
    purpose: 'Veeam Backup & Replication console to the SP backup server when managing the Veeam Cloud Connect infrastructure.',
    when: { deploymentHas: 'cloud-gateway' },
    sources: [PORTS],
  },

  // ── Tenant side → Cloud gateway (internet, 6180) ─────────────────────────────────────────────
  {
    id: 'cc-tenant-server-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose:
      'Tenant backup server to the cloud gateway over the internet: VM data from the tenant side to the SP side (UDP only during partial failover of a cloud replica).',
    sources: [PORTS],
    seed: { section: SEED, row: 'Tenant VBR / Agent | Cloud Connect Gateway | 6180' },
  },
  {
    id: 'cc-tenant-server-to-crl',
    from: ['cloud-tenant'],
    to: ['crl-server'],
    protocols: ['tcp'],
    ports: [[80, 80], [443, 443]],
    purpose:
      'Tenant backup server to the CRLs of the certification authority that issued the SP certificate (80 or 443, as the CRL location says).',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-console-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp'],
    ports: [[6180, 6180]],
    purpose: 'Tenant Veeam Backup & Replication console (Veeam Software Appliance) to the cloud gateway when managing the Veeam Cloud Connect infrastructure.',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-proxy-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose:
      'Tenant backup proxy (VMware vSphere) or Hyper-V server/off-host backup proxy to the cloud gateway: VM data to the cloud repository for backup and replication jobs.',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-repository-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose:
      'Tenant backup repository (Windows or Linux server, or gateway server for a CIFS share) to the cloud gateway: VM data for backup copy jobs to the cloud repository.',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-cdp-proxy-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose: 'Tenant CDP proxy to the cloud gateway: VM data for CDP policies targeted at the cloud host.',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-network-extension-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose: 'Tenant-side network extension appliance to the cloud gateway: tenant VM traffic to the SP network extension appliance (partial site failover).',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-hyperv-restore-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp', 'udp'],
    ports: [[6180, 6180]],
    purpose: 'Tenant Hyper-V server to the cloud gateway: data transport during full VM restore.',
    sources: [PORTS],
  },
  {
    id: 'cc-tenant-agent-to-gateway',
    from: ['cloud-tenant'],
    to: ['cloud-gateway'],
    protocols: ['tcp'],
    ports: [[6180, 6180]],
    purpose: 'Veeam Agent computer (Windows, Linux, macOS) of a tenant to the cloud gateway: Veeam Agent data to the cloud repository.',
    sources: [PORTS, AGENT_CC],
    seed: { section: SEED, row: 'Tenant VBR / Agent | Cloud Connect Gateway | 6180' },
  },
  {
    id: 'cc-tenant-agent-to-crl',
    from: ['cloud-tenant'],
    to: ['crl-server'],
    protocols: ['tcp'],
    ports: [[80, 80], [443, 443]],
    purpose:
      'Tenant Veeam Agent computer to the CRLs of the certification authority that issued the SP certificate (80 or 443, as the CRL location says).',
    sources: [PORTS, AGENT_CC],
  },
];

