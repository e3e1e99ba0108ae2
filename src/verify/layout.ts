/**
 * Where each host of a deployment sits in the test network: one namespace per host with the
 * host's own addresses (a group gets one address of each family it has; a zone host one address
 * of its zone; the internet zone, and fqdn hosts in it, a documentation address in no zone).
 * These addresses only ever exist inside the namespaces verify creates.
 * @module
 */
import type { Deployment, Host } from '../model/types.js';
import { cidrContains, cidrLast, formatIp, hostCidr, parseCidr, type Cidr, type Family } from '../net/ip.js';

export interface TestHost {
  name: string;
  zone: string;
  kind: Host['kind'];
  /** Addresses configured in the host's namespace, IPv4 first. */
  addresses: { family: Family; address: string }[];
  /** The address is a stand-in (zone, internet or fqdn host), not the host's own. */
  standIn: boolean;
}

/** Where stand-ins for the internet zone come from: documentation and benchmarking ranges. */
const INTERNET_POOLS: Record<Family, string[]> = {
  4: ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24', '198.18.0.0/15', '100.64.0.0/10'],
  6: ['2001:db8:ffff::/48', '3fff:ffff::/32', '2001:db8::/32'],
};

/** Addresses tried per prefix before giving up: keeps the search bounded. */
const MAX_TRIES = 4096;

function firstFree(pools: readonly Cidr[], taken: Set<string>, avoid: readonly Cidr[]): { family: Family; value: bigint } | undefined {
  for (const c of pools) {
    const bits = c.family === 4 ? 32 : 128;
    const lo = c.prefix >= bits - 1 ? c.base : c.base + 1n;
    const last = cidrLast(c);
    const hi = c.family === 4 && c.prefix < bits - 1 ? last - 1n : last;
    for (let v = lo, n = 0; v <= hi && n < MAX_TRIES; v++, n++) {
      const text = formatIp(c.family, v);
      if (taken.has(text) || avoid.some((a) => cidrContains(a, hostCidr({ family: c.family, value: v })))) continue;
      return { family: c.family, value: v };
    }
  }
  return undefined;
}

export function layoutHosts(d: Deployment): { hosts: TestHost[]; problems: string[] } {
  const problems: string[] = [];
  const taken = new Set<string>();
  for (const h of d.hosts) if (h.kind === 'host') for (const a of h.addresses) taken.add(formatIp(a.family, a.base));
  const zoneCidrs = d.zones.filter((z) => !z.internet).flatMap((z) => z.cidrs);
  const hasV6 = d.hosts.some((h) => h.addresses.some((a) => a.family === 6)) || zoneCidrs.some((c) => c.family === 6);
  const hosts: TestHost[] = [];
  const pick = (h: Host, pools: Cidr[], fam: Family, mustAvoid: Cidr[], preferAvoid: Cidr[]): void => {
    const own = pools.filter((c) => c.family === fam);
    if (!own.length) return;
    // Prefer an address no other host or group claims; fall back to any free one.
    const got = firstFree(own, taken, [...mustAvoid, ...preferAvoid]) ?? firstFree(own, taken, mustAvoid);
    if (!got) {
      problems.push(`no free IPv${fam} address for '${h.name}' in ${own.map((c) => `${formatIp(c.family, c.base)}/${c.prefix}`).join(', ')}`);
      return;
    }
    const address = formatIp(fam, got.value);
    taken.add(address);
    hosts.at(-1)!.addresses.push({ family: fam, address });
  };
  for (const h of d.hosts) {
    const th: TestHost = { name: h.name, zone: h.zone, kind: h.kind, addresses: [], standIn: h.kind !== 'host' && h.kind !== 'group' };
    hosts.push(th);
    if (h.kind === 'host') {
      th.addresses = h.addresses.map((a) => ({ family: a.family, address: formatIp(a.family, a.base) }));
      continue;
    }
    const others = d.hosts.filter((o) => o !== h).flatMap((o) => o.addresses);
    if (h.kind === 'group') {
      for (const fam of [4, 6] as const) pick(h, h.addresses, fam, [], others);
      continue;
    }
    const zone = d.zones.find((z) => z.name === h.zone);
    if (zone && !zone.internet) {
      for (const fam of [4, 6] as const) pick(h, zone.cidrs, fam, [], others);
      continue;
    }
    // The internet: an address in no zone of the deployment.
    for (const fam of [4, 6] as const) {
      if (fam === 6 && !hasV6) continue;
      const pools = INTERNET_POOLS[fam].map((t) => (parseCidr(t) as { ok: true; cidr: Cidr }).cidr);
      pick(h, pools, fam, zoneCidrs, others);
    }
  }
  for (const h of hosts) h.addresses.sort((a, b) => a.family - b.family);
  return { hosts, problems };
}
