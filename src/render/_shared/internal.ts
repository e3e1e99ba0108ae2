/**
 * "Any address of the internet zone" is every address in no other zone. A zone firewall that
 * matches by address (nftables, iptables on a Linux router) and a host firewall cannot tell it by
 * interface or zone, so they must leave out the internal zones' prefixes; otherwise a rule for the
 * internet (Cloud Connect tenants to 6180) would also open the port from every internal zone.
 * Zone-based firewalls (asa, panos, fortios, srx) already match the internet zone itself.
 * An object that holds the internet and some internal hosts (`repo01, tenants`) leaves out the
 * internal prefixes except those hosts' own.
 * @module
 */
import { cidrInterval, compareCidr, intervalToCidrs, mergeCidrs, normalizeIntervals, subtractIntervals, type Cidr, type Family } from '../../net/ip.js';
import type { Deployment } from '../../model/types.js';
import { hostCidrs } from '../../policy/objects.js';
import type { AddressObject } from '../../policy/types.js';

const MEMO = new WeakMap<Deployment, Map<string, Record<Family, Cidr[]>>>();

/** For an object that stands for any address: the prefixes a rule must leave out, by family (none when it is not one). */
export function leaveOut(d: Deployment, o: AddressObject): Record<Family, Cidr[]> {
  if (!o.any) return { 4: [], 6: [] };
  let memo = MEMO.get(d);
  if (!memo) MEMO.set(d, (memo = new Map()));
  const key = o.hosts.join('\u0000');
  const have = memo.get(key);
  if (have) return have;
  const internal = normalizeIntervals(mergeCidrs(d.zones.filter((z) => !z.internet).flatMap((z) => z.cidrs)).map(cidrInterval));
  const byName = new Map(d.hosts.map((h) => [h.name, h]));
  const own = o.hosts.flatMap((n) => {
    const h = byName.get(n);
    if (!h) return [];
    const c = hostCidrs(d, h);
    return c.any ? [] : c.cidrs;
  });
  const out = normalizeIntervals(subtractIntervals(internal, normalizeIntervals(own.map(cidrInterval)))).flatMap(intervalToCidrs).sort(compareCidr);
  const result = { 4: out.filter((c) => c.family === 4), 6: out.filter((c) => c.family === 6) };
  memo.set(key, result);
  return result;
}
