/**
 * Where the seed article ("Veeam and Network Segmentation: Firewall Rules for Every Component")
 * and the official v13 pages disagree. The catalog follows the official page; these records say
 * what the article got wrong, so that `vbrwall errata` can list it.
 * @module
 */
import type { Erratum } from './types.js';

const S2 = '2. Backup Server (Core Ports)';
const S3 = '3. Backup Proxy (VMware, Hyper-V, General Purpose)';
const S4 = '4. Backup Repository (Windows, Linux, Hardened)';
const S5 = '5. Mount Server';
const S6 = '6. VMware vSphere Infrastructure';
const S7 = '7. Guest Interaction (Application-Aware Processing, FLR)';
const S8 = '8. Veeam ONE';
const S9 = '9. Cloud Connect Gateway';
const S10 = '10. Enterprise Manager';
const S11 = '11. Agent Management';
const S12 = '12. Plug-in Workloads (AHV, Proxmox)';

export const ERRATA: readonly Erratum[] = [
  {
    id: 'windows-deploy-ports',
    seed: { section: S2, row: 'VBR Server | Windows Managed Servers | 135, 137-139, 445 | TCP/UDP' },
    official: { page: 'used_ports.md', section: 'Backup Proxies', row: 'Backup server | Backup proxy (Microsoft Windows) | TCP | 445, 137, 139' },
    differs: 'The official rows list TCP 445, 137 and 139 (137 and 139 only for SMB 1.0), for deployment only; no 138, no UDP, and 135 only for Hyper-V servers and guest interaction proxies.',
    entries: ['core-proxy-deploy-smb', 'core-gateway-deploy-smb', 'core-repository-deploy-smb', 'core-mount-server-deploy-smb'],
  },
  {
    id: 'failover-not-channels',
    seed: { section: S2, row: 'VBR Server | All Managed Servers | 2500-3300 | TCP | Data transmission channels (one port per task)' },
    official: { page: 'used_ports.md', section: 'Backup Proxies', row: 'Backup server, … | Backup proxy | TCP | 6162, 2500 to 3300 | … The port range 2500-3300 is used for failover if port 6162 is unavailable.' },
    differs: 'In v13, 6162 is the Data Mover port and 2500-3300 is its failover range, not one data channel per task.',
    entries: ['core-proxy-data-mover', 'core-gateway-data-mover', 'core-mount-server-data-mover'],
  },
  {
    id: 'linux-ssh-operate',
    seed: { section: S2, row: 'VBR Server | Linux Managed Servers | 22 | TCP | SSH (initial deployment and configuration changes)' },
    official: { page: 'used_ports.md', section: 'Backup Proxies', row: 'Backup server | Backup proxy (Linux) | TCP | 22 | Default SSH port used as a control channel.' },
    differs: 'SSH is the control channel of Linux managed servers in operation; only a hardened repository closes it after deployment.',
    entries: ['core-proxy-ssh-linux', 'core-gateway-ssh-linux', 'core-repository-ssh-linux', 'core-hardened-repository-ssh-deploy'],
  },
  {
    id: 'rest-client-source',
    seed: { section: S2, row: 'Console/Browser | VBR Server | 9419 | TCP | REST API and Swagger UI' },
    official: { page: 'used_ports.md', section: 'Backup Server', row: 'REST client | Backup server | TCP | 9419' },
    differs: 'The REST API is reached by REST clients, not by the console or the web UI (which use 443).',
    entries: ['core-backup-server-rest-api'],
  },
  {
    id: 'proxy-to-repository-6162',
    seed: { section: S3, row: 'Proxy | Repository | 2500-3300 | TCP | Data transfer from proxy to repository' },
    official: { page: 'used_ports.md', section: 'Common Ports', row: 'Veeam Backup & Replication console, Backup proxy, Hyper-V server/Off-host backup proxy | Backup repository | TCP | 6162, 2500 to 3300' },
    differs: 'Proxies reach repositories on 6162, with 2500-3300 only as failover.',
    entries: ['core-repository-data-mover'],
  },
  {
    id: 'failover-not-channels-proxy',
    seed: { section: S3, row: 'VBR Server | Proxy | 2500-3300 | TCP | Data transmission channels' },
    official: { page: 'used_ports.md', section: 'Backup Proxies', row: 'Backup server, … | Backup proxy | TCP | 6162, 2500 to 3300 | … used for failover if port 6162 is unavailable.' },
    differs: 'In v13, 2500-3300 to a proxy is the failover range behind 6162, not the data channels.',
    entries: ['core-proxy-data-mover'],
  },
  {
    id: 'proxy-esxi-443-s3',
    seed: { section: S3, row: 'Proxy (VMware) | ESXi Hosts | 443 | TCP | NBD/NBDSSL transport mode' },
    official: { page: 'used_ports.md', section: 'VMware vSphere Components', row: 'Backup proxy | ESXi server | TCP | 443 | … Not required if vCenter connection is used.' },
    differs: '443 to ESXi is the web-service port, needed only when hosts are not reached through vCenter; NBD data uses 902.',
    entries: ['plat-vmw-proxy-esxi-https'],
  },
  {
    id: 'hyperv-proxy-smb',
    seed: { section: S3, row: 'Proxy (Hyper-V) | Hyper-V Host | 445 | TCP | SMB for data access' },
    official: { page: 'used_ports.md', section: 'Virtualization Servers', row: 'Hyper-V server/Off-host backup proxy | Hyper-V server | TCP | 6162, 2500 to 3300' },
    differs: 'No official row opens 445 from a proxy to a Hyper-V host; 445 is from the backup server, for deployment only, and proxies reach Hyper-V hosts through the Data Mover.',
    entries: ['plat-hv-proxy-host-replication', 'plat-hv-server-proxy-deploy'],
  },
  {
    id: 'proxy-to-repository-6162-s4',
    seed: { section: S4, row: 'Proxy | Repository | 2500-3300 | TCP | Data transmission' },
    official: { page: 'used_ports.md', section: 'Common Ports', row: 'Veeam Backup & Replication console, Backup proxy, Hyper-V server/Off-host backup proxy | Backup repository | TCP | 6162, 2500 to 3300' },
    differs: 'Proxies reach repositories on 6162, with 2500-3300 only as failover.',
    entries: ['core-repository-data-mover'],
  },
  {
    id: 'server-to-repository-6162',
    seed: { section: S4, row: 'VBR Server | Repository | 6162 | TCP | Veeam Data Mover (management)' },
    official: { page: 'used_ports.md', section: 'Microsoft Windows/Linux-Based Backup Repositories', row: 'Backup server | Backup repository | TCP | 6160' },
    differs: 'The official repository tables list only the Installer Service (6160) from the backup server; the Data Mover flows are repository → backup server (6162) and console/proxy → repository.',
    entries: ['core-repository-installer', 'core-backup-server-data-mover'],
  },
  {
    id: 'installer-all-repositories',
    seed: { section: S4, row: 'VBR Server | Windows Repository | 6160 | TCP | Veeam Installer Service' },
    official: { page: 'used_ports.md', section: 'Microsoft Windows/Linux-Based Backup Repositories', row: 'Backup server | Backup repository | TCP | 6160' },
    differs: 'The Installer Service port applies to Linux repositories too, not only Windows ones.',
    entries: ['core-repository-installer'],
  },
  {
    id: 'object-storage-source',
    seed: { section: S4, row: 'Repository | Object Storage | 443 | TCP | HTTPS for S3/Azure Blob/GCS capacity tier offload' },
    official: { page: 'used_ports.md', section: 'Object Storage Repositories', row: 'Backup proxy (direct connection)/ Gateway server or backup server | Amazon S3 object storage | TCP | 443' },
    differs: 'Object storage is reached by the gateway server (the backup server when there is none) or, in direct connection mode, by proxies and the components Veeam picks as gateway; a repository is a source only in direct mode.',
    entries: ['core-object-storage-https', 'core-object-storage-https-auto-gateway'],
  },
  {
    id: 'vpower-nfs-direction',
    seed: { section: S5, row: 'Mount Server (vPower NFS) | ESXi Hosts | 111, 1058+, 2049+ | TCP/UDP' },
    official: { page: 'used_ports.md', section: 'Mount Servers', row: 'ESXi host | Mount server running vPower NFS Service | TCP UDP | 111; 1058+ or 1063+; 2049+' },
    differs: 'The NFS flows run from the ESXi hosts to the mount server, not the other way; 1058+ is used when vPower NFS is on the backup server, 1063+ elsewhere.',
    entries: ['core-vpower-portmapper', 'core-vpower-mount-on-backup-server', 'core-vpower-mount-elsewhere', 'core-vpower-nfs'],
  },
  {
    id: 'vpower-nfs-service',
    seed: { section: S5, row: 'Mount Server (vPower NFS) | ESXi Hosts | 6161 | TCP | vPower NFS Service' },
    official: { page: 'used_ports.md', section: 'Mount Servers', row: 'Backup server | Mount server running vPower NFS Service | TCP | 6161' },
    differs: 'The backup server reaches the vPower NFS Service on the mount server on 6161; ESXi hosts are not involved.',
    entries: ['core-vpower-nfs-service'],
  },
  {
    id: 'flr-mount-to-guest',
    seed: { section: S5, row: 'Mount Server | Target VM (FLR) | 2500-3300 | TCP | File Level Recovery data transfer' },
    official: { page: 'used_ports.md', section: 'Protected Workloads', row: 'Guest interaction proxy | VM guest OS | TCP | 2500 to 3300' },
    differs: 'The 2500-3300 channels to VM guests come from the guest interaction proxy (log shipping); the mount server is not documented as reaching guests on 2500-3300.',
    entries: ['plat-gp-gip-guest-data'],
  },
  {
    id: 'proxy-esxi-443',
    seed: { section: S6, row: 'Proxy | ESXi Hosts | 443 | TCP | NBD/NBDSSL data transport' },
    official: { page: 'used_ports.md', section: 'VMware vSphere Components', row: 'Backup proxy | ESXi server | TCP | 443 | … Not required if vCenter connection is used.' },
    differs: '443 to ESXi is the web-service port, needed only when hosts are not reached through vCenter; NBD data uses 902.',
    entries: ['plat-vmw-proxy-esxi-https', 'plat-vmw-proxy-esxi-nfc'],
  },
  {
    id: 'guest-ssh-from-gip',
    seed: { section: S7, row: 'VBR Server | Linux VM Guest | 22 | TCP | SSH control channel for guest processing' },
    official: { page: 'used_ports.md', section: 'Protected Workloads', row: 'Guest interaction proxy | VM guest OS (Linux) | TCP | 22' },
    differs: 'The SSH control channel comes from the guest interaction proxy; the backup server uses 22 only while installing the persistent agent.',
    entries: ['plat-gp-gip-linux-guest-ssh', 'plat-gp-server-linux-guest-agent-ssh'],
  },
  {
    id: 'guest-dynamic-rpc',
    seed: { section: S7, row: 'VBR Server | Windows VM Guest | 49152-65535 | TCP | Dynamic RPC' },
    official: { page: 'used_ports.md', section: 'Virtualization Servers', row: 'Backup server | Hyper-V server | TCP | 49152 to 65535' },
    differs: 'The official pages list the dynamic RPC range for Hyper-V servers and off-host proxies, not for VM guests.',
    entries: ['plat-hv-server-proxy-dynamic-rpc'],
  },
  {
    id: 'guest-installer-persistent',
    seed: { section: S7, row: 'VBR Server / Proxy | Windows VM Guest | 6160, 11731 | TCP | Veeam Installer Service' },
    official: { page: 'used_ports.md', section: 'Protected Workloads', row: 'Guest interaction proxy | VM guest OS (Windows) | TCP | 6160, 11731 (Connections for Persistent Agent Components)' },
    differs: '6160/11731 to Windows guests is for the persistent agent components only; the non-persistent runtime uses 445, 135 and 6173.',
    entries: ['plat-gp-gip-windows-guest-installer'],
  },
  {
    id: 'veeam-one-2805',
    seed: { section: S8, row: 'Veeam ONE Agent | Veeam ONE Server | 2805 | TCP | Agent communication' },
    official: { page: 'used_ports.md', section: 'Veeam Servers and Services', row: 'Backup server | Veeam ONE Server | TCP | 2741; 2805' },
    differs: '2805 runs from the backup server (Veeam Analytics Service) to the Veeam ONE Monitoring service.',
    entries: ['core-veeam-one-monitoring'],
  },
  {
    id: 'veeam-one-1239',
    seed: { section: S8, row: 'Browser | Veeam ONE Web UI | 1239 | TCP | Veeam ONE Reporter web interface' },
    official: { page: 'used_ports.md', section: 'Veeam Servers and Services', row: 'Backup server | Veeam ONE Web Services | TCP | 1239' },
    differs: 'The v13 pages document 1239 from the backup server (Analytics view); browser access to Veeam ONE is not on these pages.',
    entries: ['core-veeam-one-web-services'],
  },
  {
    id: 'veeam-one-vcenter',
    seed: { section: S8, row: 'Veeam ONE Server | vCenter Server | 443 | TCP | vSphere infrastructure monitoring' },
    official: { page: 'used_ports.md', section: 'VMware vSphere Components', row: 'Backup server | vCenter Server | TCP | 443' },
    differs: 'Veeam ONE\'s own ports are documented in the Veeam ONE guide, not in the Veeam Backup & Replication v13 pages; the catalog has no Veeam ONE → vCenter entry.',
    entries: [],
  },
  {
    id: 'veeam-one-rest',
    seed: { section: S8, row: 'Veeam ONE Server | VBR Server | 9419 | TCP | REST API data collection' },
    official: { page: 'used_ports.md', section: 'Backup Server', row: 'REST client | Backup server | TCP | 9419' },
    differs: 'No official row names Veeam ONE as a REST client; give a Veeam ONE server the rest-client role if it polls the REST API.',
    entries: ['core-backup-server-rest-api'],
  },
  {
    id: 'cloud-gateway-6169',
    seed: { section: S9, row: 'Cloud Connect Gateway | SP VBR Server | 6162 | TCP | Data Mover to internal infrastructure' },
    official: { page: 'cloud/ports.md', section: 'Ports', row: 'Cloud gateway | SP backup server | TCP | 6169' },
    differs: 'The Cloud Connect gateway reaches the provider\'s backup server on 6169 (cloud commands), not 6162.',
    entries: ['cc-gateway-to-server-cloud-commands'],
  },
  {
    id: 'cloud-6180-udp',
    seed: { section: S9, row: 'Tenant VBR / Agent | Cloud Connect Gateway | 6180 | TCP' },
    official: { page: 'cloud/ports.md', section: 'Ports', row: 'Tenant backup server | Cloud gateway | TCP, UDP | 6180' },
    differs: 'The tenant backup server also uses UDP 6180 (partial failover of cloud replicas); agents use TCP only.',
    entries: ['cc-tenant-server-to-gateway', 'cc-tenant-agent-to-gateway'],
  },
  {
    id: 'em-to-server-443',
    seed: { section: S10, row: 'Enterprise Manager | VBR Server | 9392 | TCP | VBR server communication' },
    official: { page: 'em/used_ports.md', section: 'Veeam Backup Enterprise Manager on Windows', row: 'Enterprise Manager server | Backup server | TCP | 443; 9392 (initial connection, Windows-based servers); 2500 to 2600' },
    differs: 'Enterprise Manager collects data from a v13 backup server on 443 and the guest catalog on 2500-2600; 9392 is only the initial connection to a Windows-based server.',
    entries: ['em-to-backup-server-https', 'em-to-windows-backup-server-initial', 'em-to-backup-server-catalog'],
  },
  {
    id: 'agents-to-server',
    seed: { section: S11, row: 'Agent (Win/Lin) | VBR Server | 6162 | TCP | Management communication' },
    official: { page: 'agents_used_ports.md', section: 'Communication Between Veeam Backup & Replication Components', row: 'Veeam Agent computer (Microsoft Windows) | Veeam backup server | TCP | 10005; (Linux, Unix, macOS) | 10006' },
    differs: 'Agents reach the backup server on 10005 (Windows) or 10006 (Linux), not 6162.',
    entries: ['agent-windows-agent-to-server', 'agent-linux-agent-to-server'],
  },
  {
    id: 'agents-to-repository',
    seed: { section: S11, row: 'Agent (Win/Lin) | Repository | 2500-3300 | TCP | Backup data transfer' },
    official: { page: 'agents_used_ports.md', section: 'Communication with Veeam Backup Repositories', row: 'Veeam Agent computer | Veeam backup repository | TCP | 6162, 2500 to 3300' },
    differs: 'Agents send backup data to the repository on 6162, with 2500-3300 only as failover.',
    entries: ['agent-to-repository-data-mover'],
  },
  {
    id: 'workers-to-server',
    seed: { section: S12, row: 'AHV Worker | VBR Server | 6162 | TCP | Management' },
    official: { page: 'ahv_used_ports.md', section: 'Workers', row: 'Worker | Backup server | TCP | 10006' },
    differs: 'AHV and Proxmox VE workers reach the backup server on 10006 (and 2500-3300 for the malware detection index), not 6162.',
    entries: ['ahv-worker-server', 'pve-worker-server'],
  },
  {
    id: 'workers-to-repository',
    seed: { section: S12, row: 'Proxmox Worker | Repository | 2500-3300 | TCP | Backup data transfer' },
    official: { page: 'pve_used_ports.md', section: 'Workers', row: 'Worker | Backup repository or gateway server | TCP | 6162' },
    differs: 'Workers send backup data on 6162, with 2500-3300 only as failover.',
    entries: ['pve-worker-repo-data-mover', 'ahv-worker-repo-data-mover'],
  },
];
