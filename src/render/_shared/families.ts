/**
 * Splitting a rule by address family for targets that match IPv4 and IPv6 separately.
 * @module
 */
import type { Family, Cidr } from '../../net/ip.js';
import { formatCidr } from '../../net/ip.js';
import type { AddressObject, Rule } from '../../policy/types.js';

export interface FamilyPart {
  family: Family;
  /** Undefined: any address (no match on that side). */
  sources?: Cidr[];
  destinations?: Cidr[];
}

const of = (o: AddressObject, f: Family): Cidr[] | undefined => (o.any ? undefined : o.cidrs.filter((c) => c.family === f));

/** The address-family parts of a rule; a part is left out when a side has no address of that family. */
export function familyParts(rule: Rule, opts: { omitDestination?: boolean; omitSource?: boolean } = {}): FamilyPart[] {
  const out: FamilyPart[] = [];
  for (const f of [4, 6] as const) {
    const s = opts.omitSource ? undefined : of(rule.source, f);
    const d = opts.omitDestination ? undefined : of(rule.destination, f);
    if ((s && !s.length) || (d && !d.length)) continue;
    if (s === undefined && d === undefined && !(rule.source.any || rule.destination.any || opts.omitDestination || opts.omitSource)) continue;
    out.push({ family: f, ...(s ? { sources: s } : {}), ...(d ? { destinations: d } : {}) });
  }
  return out;
}

export const cidrText = (c: Cidr): string => formatCidr(c, true);

/** True when an address object has addresses a packet filter can match (not only an FQDN). */
export const hasAddresses = (o: AddressObject): boolean => o.any || o.cidrs.length > 0;
