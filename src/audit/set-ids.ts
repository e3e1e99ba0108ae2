/**
 * Numbers for address sets by value, so that caches can be keyed by a pair of sets without
 * building text per lookup: each set object's text is made once (rules share their parsed sets,
 * hosts theirs), and equal sets from different places get the same number.
 * @module
 */
import type { AddrSet } from './space.js';

/** Two ids as one number: ids below 2^22, so the pair stays an exact integer. */
export const PAIR = 2 ** 22;

export class SetIds {
  private readonly byObject = new WeakMap<AddrSet, number>();
  private readonly byValue = new Map<string, number>();

  id(s: AddrSet): number {
    let id = this.byObject.get(s);
    if (id === undefined) {
      const k = s.length === 1 ? `${s[0]!.lo}-${s[0]!.hi}` : s.map((x) => `${x.lo}-${x.hi}`).join(',');
      id = this.byValue.get(k);
      if (id === undefined) this.byValue.set(k, (id = this.byValue.size));
      this.byObject.set(s, id);
    }
    return id;
  }

  /** A number for the pair, or undefined past 2^22 distinct sets (callers then skip their cache). */
  pair(a: AddrSet, b: AddrSet): number | undefined {
    const x = this.id(a);
    const y = this.id(b);
    return y < PAIR && x < PAIR ? x * PAIR + y : undefined;
  }
}
