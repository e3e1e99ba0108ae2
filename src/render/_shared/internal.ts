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
import { cidrInterval, compareCidr, intervalToCidrs, mergeCidrs, normalizeIntervals, subtractIntervals, type AddrInterval, type Cidr, type Family } from '../../net/ip.js';
import type { Deployment } from '../../model/types.js';
import { hostCidrs } from '../../policy/objects.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';

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

const ALL_V4: AddrInterval = { family: 4, lo: 0n, hi: (1n << 32n) - 1n };
const ALL_V6: AddrInterval = { family: 6, lo: 0n, hi: (1n << 128n) - 1n };

/**
 * The policy with every "any address" object of the internet zone written out as the prefixes it
 * stands for (every address but those leaveOut gives), for targets that can only list addresses
 * (host firewalls). Objects with nothing to leave out stay as they are.
 */
export function internetSpelledOut(policy: Policy): Policy {
  const d = policy.deployment;
  const memo = new Map<AddressObject, AddressObject>();
  const spell = (o: AddressObject): AddressObject => {
    if (!o.any) return o;
    let s = memo.get(o);
    if (!s) {
      const out = leaveOut(d, o);
      if (!out[4].length && !out[6].length) s = o;
      else {
        const rest = subtractIntervals([ALL_V4, ALL_V6], [...out[4], ...out[6]].map(cidrInterval));
        s = { ...o, any: false, cidrs: normalizeIntervals(rest).flatMap(intervalToCidrs).sort(compareCidr) };
      }
      memo.set(o, s);
    }
    return s;
  };
  const fix = (r: Rule): Rule => {
    const source = spell(r.source);
    const destination = spell(r.destination);
    if (source === r.source && destination === r.destination) return r;
    // Keep the lazy flow list lazy: the copy reads it from the rule when asked.
    const copy = Object.create(Object.getPrototypeOf(r), Object.getOwnPropertyDescriptors(r)) as Rule;
    Object.defineProperty(copy, 'source', { value: source, enumerable: true, writable: true });
    Object.defineProperty(copy, 'destination', { value: destination, enumerable: true, writable: true });
    return copy;
  };
  const rules = policy.rules.map(fix);
  const outbound = policy.outbound.map(fix);
  if (rules.every((r, i) => r === policy.rules[i]) && outbound.every((r, i) => r === policy.outbound[i])) return policy;
  return { ...policy, rules, outbound };
}
