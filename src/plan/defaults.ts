/**
 * Effective roles: which hosts do a job when the deployment names nobody for it, as Veeam
 * chooses automatically. Each default applied is recorded so the plan can say so.
 * @module
 */
import { CLASSES, EFFECTIVE, isRole, type EffectiveRole, type Selector } from '../catalog/roles.js';
import type { Deployment, Host } from '../model/types.js';
import type { AppliedDefault } from './types.js';

export interface Selection {
  hosts: Host[];
  /** The default applied, if the selection rests on one. */
  default?: AppliedDefault;
}

const withRole = (d: Deployment, ...roles: string[]): Host[] => d.hosts.filter((h) => h.roles.some((r) => roles.includes(r)));

function effective(d: Deployment, role: EffectiveRole): Selection {
  const server = withRole(d, 'backup-server');
  switch (role) {
    case 'effective-guest-interaction-proxy': {
      const gip = withRole(d, 'guest-interaction-proxy');
      if (gip.length) return { hosts: gip };
      const winServer = server.filter((h) => h.os !== 'linux');
      if (winServer.length)
        return mk(role, 'guest-interaction-proxy', winServer, 'no host has the guest-interaction-proxy role: guest processing runs from the backup server, which runs Windows (Veeam selects it automatically)');
      const winProxies = withRole(d, 'vmware-proxy', 'hyperv-offhost-proxy').filter((h) => h.os === 'windows');
      if (winProxies.length)
        return mk(role, 'guest-interaction-proxy', winProxies, 'no host has the guest-interaction-proxy role and the backup server runs Linux: guest processing runs from the Windows backup proxies (Veeam selects one automatically)');
      return mk(role, 'guest-interaction-proxy', server, 'no guest interaction proxy and no Windows proxy: guest processing falls back to the backup server; Windows guests need a Windows guest interaction proxy');
    }
    case 'effective-gateway': {
      const gw = withRole(d, 'gateway-server');
      return gw.length ? { hosts: gw } : mk(role, 'gateway', server, 'no host has the gateway-server role: the backup server acts as gateway server for object storage');
    }
    case 'effective-share-gateway': {
      const gw = withRole(d, 'gateway-server');
      if (gw.length) return { hosts: gw };
      const proxies = withRole(d, ...CLASSES['backup-proxy']);
      return proxies.length
        ? mk(role, 'share-gateway', proxies, 'no host has the gateway-server role: a backup proxy is selected automatically as gateway for SMB/NFS shares, so every backup proxy may connect')
        : mk(role, 'share-gateway', server, 'no gateway server and no backup proxy: the backup server acts as gateway for SMB/NFS shares');
    }
    case 'effective-mount-server': {
      const ms = withRole(d, 'mount-server');
      return ms.length ? { hosts: ms } : mk(role, 'mount-server', server, 'no host has the mount-server role: the backup server is the mount server and runs vPower NFS');
    }
  }
}

function mk(role: EffectiveRole, id: string, hosts: Host[], message: string): Selection {
  return { hosts, default: { id: `default-${id}`, role, hosts: hosts.map((h) => h.name), message } };
}

/** Hosts a selector names in a deployment. */
export function select(d: Deployment, s: Selector): Selection {
  if ((EFFECTIVE as readonly string[]).includes(s)) return effective(d, s as EffectiveRole);
  if (isRole(s)) return { hosts: withRole(d, s) };
  return { hosts: withRole(d, ...(CLASSES[s as keyof typeof CLASSES] as readonly string[])) };
}

export const hostMatches = (d: Deployment, s: Selector, h: Host): boolean => select(d, s).hosts.includes(h);
