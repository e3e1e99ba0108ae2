/**
 * Splitting a rule by address family for targets that match IPv4 and IPv6 separately.
 * @module
 */
import type { Family, Cidr } from '../../net/ip.js';
import type { AddressObject, Rule } from '../../policy/types.js';
import { cidrBare } from './cidr-text.js';

export interface FamilyPart {
  family: Family;
  /** Undefined: any address (no match on that side). */
  sources?: Cidr[];
  destinations?: Cidr[];
}

/** The prefixes of each family of an object, split once per object (objects are named by many rules); shared, not to be changed. */
const SPLIT = new WeakMap<AddressObject, Record<Family, Cidr[]>>();
const of = (o: AddressObject, f: Family): Cidr[] | undefined => {
  if (o.any) return undefined;
  let s = SPLIT.get(o);
  if (!s) SPLIT.set(o, (s = { 4: o.cidrs.filter((c) => c.family === 4), 6: o.cidrs.filter((c) => c.family === 6) }));
  return s[f];
};

/** The address-family parts of a rule; a part is left out when a side has no address of that family. */
export function familyParts(rule: Rule, opts: { omitDestination?: boolean; omitSource?: boolean } = {}): readonly FamilyPart[] {
  // Made once per rule and options: several targets (and iptables' two files) ask for the same rule.
  const at = (opts.omitDestination ? 1 : 0) + (opts.omitSource ? 2 : 0);
  let memo = PARTS.get(rule);
  if (!memo) PARTS.set(rule, (memo = []));
  return (memo[at] ??= splitParts(rule, opts));
}

const PARTS = new WeakMap<Rule, (readonly FamilyPart[] | undefined)[]>();

function splitParts(rule: Rule, opts: { omitDestination?: boolean; omitSource?: boolean }): readonly FamilyPart[] {
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

export const cidrText = cidrBare;

/** True when an address object has addresses a packet filter can match (not only an FQDN). */
export const hasAddresses = (o: AddressObject): boolean => o.any || o.cidrs.length > 0;
