/**
 * Classes of ports the excess report speaks of, derived from the catalog so that they follow it:
 * Veeam's own ports, ports only Windows machines listen on, and ports of other product versions.
 * @module
 */
import { CATALOG, ROLES, isRole, type CatalogEntry, type Protocol } from '../catalog/index.js';
import { normalizePorts, subtractPorts, unionPorts, type PortRange } from '../net/ports.js';
import { cmpVersion } from '../catalog/version.js';

export type PortsByProto = Readonly<Record<Protocol, readonly PortRange[]>>;

const entryPorts = (e: CatalogEntry): PortRange[] => unionPorts(e.ports, e.failover ?? []);

/**
 * Ports of third-party services the catalog lists (directory, databases, hypervisors, Windows
 * remote management, RPC): a rule opening them is not "a Veeam port".
 */
const THIRD_PARTY: readonly PortRange[] = normalizePorts([
  [0, 1023],
  [1433, 1433],
  [2049, 2049],
  [2179, 2179],
  [3205, 3205],
  [3260, 3260],
  [3268, 3269],
  [3389, 3389],
  [4460, 4460],
  [5432, 5432],
  [5696, 5696],
  [5985, 5986],
  [6514, 6514],
  [8006, 8006],
  [8732, 8732],
  [9440, 9440],
  [49152, 65535],
]);

function byProto(pick: (e: CatalogEntry) => boolean, extra: (e: CatalogEntry) => readonly PortRange[] = entryPorts): Record<Protocol, PortRange[]> {
  const out: Record<Protocol, PortRange[]> = { tcp: [], udp: [] };
  for (const e of CATALOG) if (pick(e)) for (const p of e.protocols) out[p] = unionPorts(out[p], extra(e));
  return out;
}

/**
 * Ports Veeam components listen on: the catalog's ranges but those of third-party services.
 */
export const VEEAM_PORTS: PortsByProto = (() => {
  const all = byProto(() => true, (e) => entryPorts(e).filter((r) => subtractPorts([r], THIRD_PARTY).length > 0));
  // …but never a third-party port inside such a range (RDP 3389 inside 2500-6000).
  return { tcp: subtractPorts(all.tcp, THIRD_PARTY), udp: subtractPorts(all.udp, THIRD_PARTY) };
})();

const destinationOs = (e: CatalogEntry): 'windows' | 'linux' | undefined => {
  if (e.when?.toOs) return e.when.toOs;
  const oses = new Set(e.to.map((t) => (isRole(t) ? ROLES[t].os : undefined)));
  return oses.size === 1 ? [...oses][0] : undefined;
};

/**
 * Windows-only ports: those the catalog lists toward Windows machines and never toward Linux ones
 * (RPC 135, NetBIOS 137-139, SMB 445, RDP 3389, WinRM 5985, the Windows runtime's 6173, …).
 */
export const WINDOWS_ONLY: PortsByProto = (() => {
  const win = byProto((e) => destinationOs(e) === 'windows');
  const lin = byProto((e) => destinationOs(e) === 'linux');
  return { tcp: subtractPorts(win.tcp, lin.tcp), udp: subtractPorts(win.udp, lin.udp) };
})();

/** Ports of other Veeam versions that no longer (or not yet) apply, with why. */
export interface VersionPort {
  protocol: Protocol;
  ports: readonly PortRange[];
  note: string;
  /** The versions that use the port, inclusive. */
  min?: string;
  max?: string;
}

/** Known ports of earlier versions (Veeam Backup & Replication user guide, "Used Ports", v12 and v9.5). */
const LEGACY: readonly VersionPort[] = [
  { protocol: 'tcp', ports: [[9392, 9392]], note: 'the console port before v13; v13 moved the console to 443', max: '12.99' },
  { protocol: 'tcp', ports: [[3301, 5000]], note: 'part of 2500-5000, the data transmission range before v10', max: '9.99' },
];

/** Ports used only by versions the deployment does not run, from the catalog and the legacy list. */
export function otherVersionPorts(version: string): VersionPort[] {
  const out: VersionPort[] = [];
  for (const e of CATALOG) {
    const v = e.when?.version;
    if (!v) continue;
    const applies = !(v.min && cmpVersion(version, v.min) < 0) && !(v.max && cmpVersion(version, v.max) > 0);
    if (applies) continue;
    for (const p of e.protocols)
      out.push({ protocol: p, ports: e.ports, note: `${v.max ? `up to v${v.max.replace(/\.99$/, '')}` : `from v${v.min}`}: ${e.purpose.split(/[.;]/)[0]}`, ...(v.min ? { min: v.min } : {}), ...(v.max ? { max: v.max } : {}) });
  }
  for (const l of LEGACY) {
    const applies = !(l.min && cmpVersion(version, l.min) < 0) && !(l.max && cmpVersion(version, l.max) > 0);
    if (!applies) out.push(l);
  }
  // A port of another service (RDP 3389 inside the old 2500-5000) is not a Veeam port of another version.
  return out.map((v) => ({ ...v, ports: subtractPorts(v.ports, THIRD_PARTY) })).filter((v) => v.ports.length > 0);
}
