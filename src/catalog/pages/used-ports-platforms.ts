/**
 * Catalog entries for the hypervisor platforms and guest processing, transcribed from the
 * official v13 page `used_ports.md` (and, for guest processing, the identical tables of
 * `pve_used_ports.md`, cited as a second source on the same entries).
 *
 * SOURCES (sections transcribed):
 * - used_ports.md § VMware vSphere Components
 * - used_ports.md § Virtualization Servers (first occurrence: Microsoft Hyper-V Components)
 * - used_ports.md § Off-Host Backup Proxies
 * - used_ports.md § Microsoft Hyper-V Components > Other Backup Infrastructure Components
 * - used_ports.md § Guest Interaction Proxies
 * - used_ports.md § Protected Workloads
 * - used_ports.md § Guest Processing Components > Gateway Servers
 * - used_ports.md § Guest Processing Components > Hypervisors
 * - pve_used_ports.md § Guest Interaction Proxies, Protected Workloads,
 *   Guest Processing Components > Gateway Servers, Guest Processing Components > Hypervisors
 *   (same rows as used_ports.md; cited on the same entries rather than duplicated)
 *
 * SKIPPED rows:
 * - used_ports.md § VMware vSphere Components, group "Communication with VMware Cloud Director":
 *   Backup server → VMware Cloud Director, TCP 443. VMware Cloud Director is out of this
 *   brief's scope and has no role in roles.ts.
 * - The part of the "Backup server → vCenter Server 443" note about opening 443 on the vCenter
 *   Servers underlying VMware Cloud Director adds no flow beyond the vCenter entry below.
 *
 * Modelling notes:
 * - Hyper-V rows to "Hyper-V server" (Virtualization Servers) and to "Hyper-V server/Off-host
 *   backup proxy" (Off-Host Backup Proxies) with the same ports and meaning are one entry to the
 *   class `hyperv-proxy` citing both sections.
 * - "VMware Cloud on AWS" exceptions (902/443 to ESXi not required) cannot be expressed; they are
 *   stated in the purposes.
 * @module
 */
import type { CatalogEntry, SourceRef } from '../types.js';

const VSPHERE: SourceRef = { page: 'used_ports.md', section: 'VMware vSphere Components' };
const HV_VIRT: SourceRef = { page: 'used_ports.md', section: 'Microsoft Hyper-V Components > Virtualization Servers' };
const HV_OFFHOST: SourceRef = { page: 'used_ports.md', section: 'Off-Host Backup Proxies' };
const HV_OTHER: SourceRef = { page: 'used_ports.md', section: 'Microsoft Hyper-V Components > Other Backup Infrastructure Components' };
const GP_PROXIES: readonly SourceRef[] = [
  { page: 'used_ports.md', section: 'Guest Interaction Proxies' },
  { page: 'pve_used_ports.md', section: 'Guest Interaction Proxies' },
];
const GP_WORKLOADS: readonly SourceRef[] = [
  { page: 'used_ports.md', section: 'Protected Workloads' },
  { page: 'pve_used_ports.md', section: 'Protected Workloads' },
];
const GP_GATEWAYS: readonly SourceRef[] = [
  { page: 'used_ports.md', section: 'Guest Processing Components > Gateway Servers' },
  { page: 'pve_used_ports.md', section: 'Guest Processing Components > Gateway Servers' },
];
const GP_HYPERVISORS: readonly SourceRef[] = [
  { page: 'used_ports.md', section: 'Guest Processing Components > Hypervisors' },
  { page: 'pve_used_ports.md', section: 'Guest Processing Components > Hypervisors' },
];

const S6 = '6. VMware vSphere Infrastructure';
const S7 = '7. Guest Interaction (Application-Aware Processing, FLR)';

const GP = { features: ['guest-processing'] } as const;
const GP_AGENT = { features: ['guest-processing', 'persistent-guest-agent'] } as const;

export const usedPortsPlatforms: readonly CatalogEntry[] = [
  // ---------------------------------------------------------------- VMware vSphere Components
  {
    id: 'plat-vmw-server-vcenter-https',
    from: ['backup-server'],
    to: ['vcenter'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Backup server connections to vCenter Server (vSphere web services); the connection must be direct, HTTP/HTTPS proxy servers are not supported.',
    sources: [VSPHERE],
    seed: { section: S6, row: 'VBR Server | vCenter Server | 443' },
  },
  {
    id: 'plat-vmw-proxy-vcenter-https',
    from: ['backup-proxy'],
    to: ['vcenter'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Backup proxy connections to the vCenter Server web service (default VMware port, can be customized in vCenter settings).',
    sources: [VSPHERE],
  },
  {
    id: 'plat-vmw-proxy-esxi-nfc',
    from: ['backup-proxy'],
    to: ['esxi-host'],
    protocols: ['tcp'],
    ports: [[902, 902]],
    purpose: 'Default VMware data transfer port (NFC) used by backup proxies in network (NBD) transport mode; not required for VMware Cloud on AWS.',
    when: { transport: ['network'] },
    sources: [VSPHERE],
    seeds: [{ section: '3. Backup Proxy (VMware, Hyper-V, General Purpose)', row: 'Proxy (VMware) | ESXi Hosts | 902' }],
    seed: { section: S6, row: 'Proxy | ESXi Hosts | 902' },
  },
  {
    id: 'plat-vmw-proxy-esxi-https',
    from: ['backup-proxy'],
    to: ['esxi-host'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Backup proxy connections to the ESXi host web service (default VMware port, can be customized in host settings); not required if the host is reached through a vCenter connection, nor for VMware Cloud on AWS.',
    when: { deploymentLacks: 'vcenter' },
    sources: [VSPHERE],
    seed: { section: S6, row: 'Proxy | ESXi Hosts | 443' },
  },
  {
    id: 'plat-vmw-server-esxi-https',
    from: ['backup-server'],
    to: ['esxi-host'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Backup server connections to the ESXi host web service; not required for VMware Cloud on AWS.',
    sources: [VSPHERE],
    seed: { section: S6, row: 'VBR Server | ESXi Hosts | 443' },
  },
  {
    id: 'plat-vmw-server-esxi-nfc',
    from: ['backup-server'],
    to: ['esxi-host'],
    protocols: ['tcp'],
    ports: [[902, 902]],
    purpose: 'Backup server data transfer to the ESXi host (NFC), also used for guest OS file recovery from replicas; not required for VMware Cloud on AWS.',
    sources: [VSPHERE],
  },

  // ---------------------------------------- Microsoft Hyper-V Components: Virtualization Servers
  {
    id: 'plat-hv-server-scvmm-vmm',
    from: ['backup-server'],
    to: ['scvmm'],
    protocols: ['tcp'],
    ports: [[8732, 8732]],
    purpose: 'Backup server communication with the System Center Virtual Machine Manager (VMM) server.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-scvmm-deploy',
    from: ['backup-server'],
    to: ['scvmm'],
    protocols: ['tcp'],
    ports: [[137, 137], [139, 139], [445, 445]],
    purpose: 'SMB (ADMIN$) used to deploy Veeam components to the SCVMM server, not required if the Veeam Deployment Kit is installed; 137 and 139 only for SMB 1.0.',
    when: { phase: 'deploy' },
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-scvmm-installer',
    from: ['backup-server'],
    to: ['scvmm'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service on the SCVMM server.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-scvmm-data-mover',
    from: ['backup-server'],
    to: ['scvmm'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on the SCVMM server; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-proxy-deploy',
    from: ['backup-server'],
    to: ['hyperv-proxy'],
    protocols: ['tcp'],
    ports: [[135, 135], [137, 137], [139, 139], [445, 445]],
    purpose: 'SMB (ADMIN$) and RPC used to deploy Veeam components to Hyper-V servers and off-host backup proxies, not required if the Veeam Deployment Kit is installed; 137 and 139 only for SMB 1.0.',
    when: { phase: 'deploy' },
    sources: [HV_VIRT, HV_OFFHOST],
  },
  {
    id: 'plat-hv-server-proxy-installer',
    from: ['backup-server'],
    to: ['hyperv-proxy'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service on Hyper-V servers and off-host backup proxies.',
    sources: [HV_VIRT, HV_OFFHOST],
  },
  {
    id: 'plat-hv-server-proxy-data-mover',
    from: ['backup-server'],
    to: ['hyperv-proxy'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on Hyper-V servers and off-host backup proxies; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [HV_VIRT, HV_OFFHOST],
  },
  {
    id: 'plat-hv-server-proxy-integration',
    from: ['backup-server'],
    to: ['hyperv-proxy'],
    protocols: ['tcp'],
    ports: [[6163, 6163]],
    purpose: 'Veeam Hyper-V Integration Service on Hyper-V servers and off-host backup proxies.',
    sources: [HV_VIRT, HV_OFFHOST],
  },
  {
    id: 'plat-hv-server-proxy-dynamic-rpc',
    from: ['backup-server'],
    to: ['hyperv-proxy'],
    protocols: ['tcp'],
    ports: [[49152, 65535]],
    purpose: 'Windows dynamic RPC ports on Hyper-V servers and off-host backup proxies; only needed when the default Windows firewall settings are not used (setup creates a rule for the runtime process) or application-aware processing fails with "RPC function call failed".',
    sources: [HV_VIRT, HV_OFFHOST],
  },
  {
    id: 'plat-hv-server-host-vmconnect',
    from: ['backup-server'],
    to: ['hyperv-host'],
    protocols: ['tcp'],
    ports: [[2179, 2179]],
    purpose: 'Hyper-V Virtual Machine Connection to VMs during Instant Recovery to Microsoft Hyper-V and Recovery Verification (SureBackup) for Hyper-V.',
    when: { features: ['instant-recovery'] },
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-repo-host-restore',
    from: ['backup-repository'],
    to: ['hyperv-host'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on the Hyper-V server, reached from the backup repository during restore; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-proxy-host-replication',
    from: ['hyperv-proxy'],
    to: ['hyperv-host'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on the target Hyper-V server, reached from the source Hyper-V server or off-host backup proxy during replication; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-smb3-installer',
    from: ['backup-server'],
    to: ['hyperv-smb3-storage'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service on the Microsoft SMB3 server holding Hyper-V storage.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-smb3-data-mover',
    from: ['backup-server'],
    to: ['hyperv-smb3-storage'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on the Microsoft SMB3 server holding Hyper-V storage; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [HV_VIRT],
  },
  {
    id: 'plat-hv-server-smb3-integration',
    from: ['backup-server'],
    to: ['hyperv-smb3-storage'],
    protocols: ['tcp'],
    ports: [[6163, 6163]],
    purpose: 'Veeam Hyper-V Integration Service on the Microsoft SMB3 server holding Hyper-V storage.',
    sources: [HV_VIRT],
  },

  // ----------------------------------------- Microsoft Hyper-V Components: Off-Host Backup Proxies
  // (rows shared with Virtualization Servers are the plat-hv-server-proxy-* entries above)
  {
    id: 'plat-hv-server-offhost-vss',
    from: ['backup-server'],
    to: ['hyperv-offhost-proxy'],
    protocols: ['tcp'],
    ports: [[6210, 6210]],
    purpose: 'Veeam Backup VSS Integration Service on the off-host backup proxy, used to take a VSS snapshot during SMB file share backup.',
    sources: [HV_OFFHOST],
  },

  // ------------------------- Microsoft Hyper-V Components: Other Backup Infrastructure Components
  {
    id: 'plat-hv-scvmm-server-powershell',
    from: ['scvmm'],
    to: ['backup-server'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'Veeam PowerShell Management Service authorization from the SCVMM server to the backup server.',
    sources: [HV_OTHER],
  },
  {
    id: 'plat-hv-proxy-gateway-replication',
    from: ['hyperv-proxy'],
    to: ['gateway-server'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on the gateway server, reached from the Hyper-V server or off-host backup proxy during replication; 2500-3300 is used for failover if 6162 is unavailable.',
    sources: [HV_OTHER],
  },

  // ---------------------------------------- Guest Processing Components: Guest Interaction Proxies
  {
    id: 'plat-gp-server-gip-deploy-windows',
    from: ['backup-server'],
    to: ['effective-guest-interaction-proxy'],
    protocols: ['tcp'],
    ports: [[135, 135], [445, 445]],
    purpose: 'SMB and RPC used to add a Windows guest interaction proxy to managed servers with administrator credentials (a Kerberos domain account should be used).',
    when: { ...GP, phase: 'deploy', toOs: 'windows' },
    sources: GP_PROXIES,
  },
  {
    id: 'plat-gp-server-gip-installer',
    from: ['backup-server'],
    to: ['effective-guest-interaction-proxy'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service on the guest interaction proxy, used to add Windows and Linux machines to managed servers with certificate-based authentication (Deployment Kit pre-installed).',
    when: GP,
    sources: GP_PROXIES,
  },
  {
    id: 'plat-gp-server-gip-ssh',
    from: ['backup-server'],
    to: ['effective-guest-interaction-proxy'],
    protocols: ['tcp'],
    ports: [[22, 22]],
    purpose: 'SSH used to add a Linux guest interaction proxy to managed servers with SSH credentials.',
    when: { ...GP, toOs: 'linux' },
    sources: GP_PROXIES,
  },
  {
    id: 'plat-gp-server-gip-runtime',
    from: ['backup-server'],
    to: ['effective-guest-interaction-proxy'],
    protocols: ['tcp'],
    ports: [[6190, 6190]],
    purpose: 'Communication of the backup server with the non-persistent runtime components used for application-aware processing and indexing, through the guest interaction proxy.',
    when: GP,
    sources: GP_PROXIES,
  },

  // ------------------------------- Guest Processing Components: Protected Workloads (non-persistent)
  {
    id: 'plat-gp-gip-guest-data',
    from: ['effective-guest-interaction-proxy'],
    to: ['vm-guest'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Transmission channels (log shipping) between the guest interaction proxy and the non-persistent runtime in the VM guest OS; not required in networkless mode (VMware VIX/vSphere Web Services or PowerShell Direct).',
    when: GP,
    sources: GP_WORKLOADS,
    seed: { section: S7, row: 'VBR Server / Mount Server | VM Guest | 2500-3300' },
  },
  {
    id: 'plat-gp-gip-windows-guest-runtime-deploy',
    from: ['effective-guest-interaction-proxy'],
    to: ['windows-guest'],
    protocols: ['tcp'],
    ports: [[135, 135], [445, 445]],
    purpose: 'SMB and RPC used to deploy the non-persistent runtime coordination process into the Windows guest OS; not required in networkless mode (VMware VIX/vSphere Web Services or PowerShell Direct).',
    when: GP,
    sources: GP_WORKLOADS,
    seed: { section: S7, row: 'VBR Server / Proxy | Windows VM Guest | 445, 135' },
  },
  {
    id: 'plat-gp-gip-windows-guest-runtime',
    from: ['effective-guest-interaction-proxy'],
    to: ['windows-guest'],
    protocols: ['tcp'],
    ports: [[6173, 6173]],
    purpose: 'Non-persistent runtime process inside the Windows guest OS for guest OS interaction; not required in networkless mode (VMware VIX/vSphere Web Services or PowerShell Direct).',
    when: GP,
    sources: GP_WORKLOADS,
  },
  {
    id: 'plat-gp-gip-linux-guest-ssh',
    from: ['effective-guest-interaction-proxy'],
    to: ['linux-guest'],
    protocols: ['tcp'],
    ports: [[22, 22]],
    purpose: 'SSH control channel from the guest interaction proxy to the Linux guest OS for the non-persistent runtime; not required in networkless mode (VMware VIX/vSphere Web Services or PowerShell Direct).',
    when: GP,
    sources: GP_WORKLOADS,
    seed: { section: S7, row: 'VBR Server | Linux VM Guest | 22' },
  },

  // --------------------------------- Guest Processing Components: Protected Workloads (persistent)
  {
    id: 'plat-gp-server-linux-guest-agent-ssh',
    from: ['backup-server'],
    to: ['linux-guest'],
    protocols: ['tcp'],
    ports: [[22, 22]],
    purpose: 'SSH control channel from the backup server to the Linux guest OS during persistent agent installation.',
    when: { ...GP_AGENT, phase: 'deploy' },
    sources: GP_WORKLOADS,
  },
  {
    id: 'plat-gp-server-linux-guest-agent-install-data',
    from: ['backup-server'],
    to: ['linux-guest'],
    protocols: ['tcp'],
    ports: [[2500, 3300]],
    jobOnly: true,
    purpose: 'Port range used only during the installation of the persistent agent in the Linux guest OS.',
    when: { ...GP_AGENT, phase: 'deploy' },
    sources: GP_WORKLOADS,
  },
  {
    id: 'plat-gp-gip-linux-guest-installer',
    from: ['effective-guest-interaction-proxy'],
    to: ['linux-guest'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    purpose: 'Veeam Installer Service for Linux in the guest OS (persistent agent components).',
    when: GP_AGENT,
    sources: GP_WORKLOADS,
  },
  {
    id: 'plat-gp-gip-linux-guest-management-agent',
    from: ['effective-guest-interaction-proxy'],
    to: ['linux-guest'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    purpose: 'Veeam Management Agent in the Linux guest OS (persistent agent components); required only if it is used as the control channel instead of SSH.',
    when: GP_AGENT,
    sources: GP_WORKLOADS,
  },
  {
    id: 'plat-gp-gip-windows-guest-installer',
    from: ['effective-guest-interaction-proxy'],
    to: ['windows-guest'],
    protocols: ['tcp'],
    ports: [[6160, 6160]],
    failover: [[11731, 11731]],
    purpose: 'Veeam Installer Service in the Windows guest OS (persistent agent components); 11731 is used for failover if 6160 is unavailable.',
    when: GP_AGENT,
    sources: GP_WORKLOADS,
    seed: { section: S7, row: 'VBR Server / Proxy | Windows VM Guest | 6160, 11731' },
  },
  {
    id: 'plat-gp-gip-windows-guest-helper',
    from: ['effective-guest-interaction-proxy'],
    to: ['windows-guest'],
    protocols: ['tcp'],
    ports: [[6173, 6173]],
    purpose: 'Veeam Guest Helper in the Windows guest OS for guest OS processing and file system indexing (persistent agent components).',
    when: GP_AGENT,
    sources: GP_WORKLOADS,
    seed: { section: S7, row: 'VBR Server / Proxy | Windows VM Guest | 6173' },
  },

  // ---------------------------------------------- Guest Processing Components: Gateway Servers
  {
    id: 'plat-gp-gip-gateway-data-mover',
    from: ['effective-guest-interaction-proxy'],
    to: ['gateway-server'],
    protocols: ['tcp'],
    ports: [[6162, 6162]],
    failover: [[2500, 3300]],
    jobOnly: false,
    purpose: 'Veeam Data Mover (Transport Service) on the gateway server, reached from the guest interaction proxy during guest processing; 2500-3300 is used for failover if 6162 is unavailable.',
    when: GP,
    sources: GP_GATEWAYS,
  },

  // --------------------------------------------------- Guest Processing Components: Hypervisors
  {
    id: 'plat-gp-gip-esxi-https',
    from: ['effective-guest-interaction-proxy'],
    to: ['esxi-host'],
    protocols: ['tcp'],
    ports: [[443, 443]],
    purpose: 'ESXi host web services used by the guest interaction proxy to reach the non-persistent runtime in the VM guest OS; required for vSphere 6.5 and later (before 6.5, not required if a vCenter connection is used).',
    when: GP,
    sources: GP_HYPERVISORS,
  },
];
