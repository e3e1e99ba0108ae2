/**
 * Address objects: hosts, groups and sets of hosts, with safe unique ids.
 * @module
 */
import type { Deployment, Host } from '../model/types.js';
import { ANY4, ANY6, compareCidr, mergeCidrs, type Cidr } from '../net/ip.js';
import type { AddressObject } from './types.js';

/** A short deterministic hash (FNV-1a, 32 bit) for ids of sets. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, '0');
}

/** ASCII slug of a name; non-ASCII and unsafe characters become `_`, with a hash when anything was changed. */
export function slug(name: string, max = 40): string {
  const base = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[-_]+/, '').slice(0, max) || 'x';
  const safe = /^[A-Za-z]/.test(base) ? base : `n${base}`;
  return safe === name && safe.length <= max ? safe : `${safe.slice(0, max - 8)}_${shortHash(name)}`;
}

/** Addresses a host stands for: its prefixes, its zone's prefixes, or any (the internet). */
export function hostCidrs(d: Deployment, h: Host): { cidrs: Cidr[]; any: boolean } {
  if (h.kind === 'host' || h.kind === 'group') return { cidrs: mergeCidrs(h.addresses), any: false };
  if (h.kind === 'zone') {
    const z = d.zones.find((x) => x.name === h.zone);
    if (!z || z.internet) return { cidrs: [ANY4, ANY6], any: true };
    return { cidrs: mergeCidrs(z.cidrs), any: false };
  }
  return { cidrs: [], any: false };
}

const isSortedUnique = (a: readonly string[]): boolean => {
  for (let i = 1; i < a.length; i++) if (!(a[i - 1]! < a[i]!)) return false;
  return true;
};

/** FNV-1a over the names' lengths and first and last characters, and their count: cheap, and enough to pick the few candidates. */
function namesHash(names: readonly string[]): number {
  let h = Math.imul(0x811c9dc5 ^ names.length, 0x01000193);
  for (const n of names) {
    h = Math.imul(h ^ n.length, 0x01000193);
    h = Math.imul(h ^ n.charCodeAt(0), 0x01000193);
    h = Math.imul(h ^ n.charCodeAt(n.length - 1), 0x01000193);
  }
  return h >>> 0;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class AddressBook {
  private readonly byKey = new Map<string, AddressObject>();
  /** Objects by a hash of their sorted names, to find them without joining the names (sets of hundreds of hosts). */
  private readonly byHash = new Map<number, AddressObject[]>();
  private readonly ids = new Set<string>();
  private readonly hostByName: Map<string, Host>;
  private readonly partsByHost = new Map<Host, { cidrs: Cidr[]; any: boolean }>();
  /** Objects by the very array of names they were asked for (the policy reuses its arrays). */
  private readonly byArray = new WeakMap<readonly string[], AddressObject>();
  constructor(private readonly d: Deployment) {
    this.hostByName = new Map(d.hosts.map((h) => [h.name, h]));
  }

  /** The object for a set of hosts (one host: its own object). */
  of(hostNames: readonly string[]): AddressObject {
    const known = this.byArray.get(hostNames);
    if (known) return known;
    const obj = this.ofNames(hostNames);
    this.byArray.set(hostNames, obj);
    return obj;
  }

  private ofNames(hostNames: readonly string[]): AddressObject {
    const names = isSortedUnique(hostNames) ? (hostNames as string[]) : [...new Set(hostNames)].sort();
    const h = namesHash(names);
    const same = this.byHash.get(h)?.find((o) => sameNames(o.hosts, names));
    if (same) return same;
    const key = names.join('\u0000');
    const hosts = names.map((n) => this.hostByName.get(n)!);
    const parts = hosts.map((h) => {
      let p = this.partsByHost.get(h);
      if (!p) this.partsByHost.set(h, (p = hostCidrs(this.d, h)));
      return p;
    });
    const any = parts.some((p) => p.any);
    const obj: AddressObject = {
      id: '',
      label: names.length === 1 ? names[0]! : names.join(', '),
      kind: names.length === 1 ? hosts[0]!.kind : 'set',
      ...(new Set(hosts.map((h) => h.zone)).size === 1 ? { zone: hosts[0]!.zone } : {}),
      hosts: [...names],
      cidrs: any ? [ANY4, ANY6] : parts.length === 1 ? [...parts[0]!.cidrs].sort(compareCidr) : mergeCidrs(parts.flatMap((p) => p.cidrs)).sort(compareCidr),
      fqdns: [...new Set(hosts.flatMap((h) => (h.fqdn ? [h.fqdn] : [])))].sort(),
      any,
    };
    const zones = new Set(hosts.map((h) => h.zone));
    obj.id = this.uniqueId(names.length === 1 ? slug(names[0]!) : `grp_${zones.size === 1 ? slug(hosts[0]!.zone, 20) : 'zones'}_${shortHash(key)}`);
    this.byKey.set(key, obj);
    const bucket = this.byHash.get(h);
    if (bucket) bucket.push(obj);
    else this.byHash.set(h, [obj]);
    return obj;
  }

  private uniqueId(base: string): string {
    let id = base;
    for (let i = 2; this.ids.has(id.toLowerCase()); i++) id = `${base}_${i}`;
    this.ids.add(id.toLowerCase());
    return id;
  }

  all(): AddressObject[] {
    return [...this.byKey.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
