/**
 * Prefix texts remembered per prefix: a large policy names the same address object's prefixes in
 * hundreds of rules, and formatting a bigint address each time was a tenth of a render.
 * Keyed by the `Cidr` object (the policy shares them between the rules that name an object).
 * @module
 */
import { formatCidr, type Cidr } from '../../net/ip.js';

const FULL = new WeakMap<Cidr, string>();
const BARE = new WeakMap<Cidr, string>();

/** `formatCidr(c)`: always with the prefix length (`10.0.0.1/32`). */
export function cidrFull(c: Cidr): string {
  let s = FULL.get(c);
  if (s === undefined) FULL.set(c, (s = formatCidr(c)));
  return s;
}

/** `formatCidr(c, true)`: a host prefix as a bare address (`10.0.0.1`). */
export function cidrBare(c: Cidr): string {
  let s = BARE.get(c);
  if (s === undefined) BARE.set(c, (s = formatCidr(c, true)));
  return s;
}
