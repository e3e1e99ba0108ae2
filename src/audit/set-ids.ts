/**
 * Small integers for address sets by value, so that caches can be keyed by sets (and pairs of
 * sets, as nested maps) without building text per lookup: each set object's text is made once
 * (rules share their parsed sets, hosts theirs), and equal sets from different places get the
 * same number.
 * @module
 */
import type { AddrSet } from './space.js';

export class SetIds {
  /** A Map, not a WeakMap: the sets live as long as the audit that owns this, and Maps are faster. */
  private readonly byObject = new Map<AddrSet, number>();
  private readonly byValue = new Map<string, number>();

  /** The last two sets looked up (a flow's source, then its destination, then its source again). */
  private a: AddrSet | undefined;
  private aId = -1;
  private b: AddrSet | undefined;
  private bId = -1;

  id(s: AddrSet): number {
    if (s === this.a) return this.aId;
    if (s === this.b) {
      // Most recent first.
      this.b = this.a;
      this.a = s;
      const id = this.bId;
      this.bId = this.aId;
      return (this.aId = id);
    }
    const id = this.lookUp(s);
    this.b = this.a;
    this.bId = this.aId;
    this.a = s;
    return (this.aId = id);
  }

  private lookUp(s: AddrSet): number {
    let id = this.byObject.get(s);
    if (id === undefined) {
      const k = s.length === 1 ? `${s[0]!.lo}-${s[0]!.hi}` : s.map((x) => `${x.lo}-${x.hi}`).join(',');
      id = this.byValue.get(k);
      if (id === undefined) this.byValue.set(k, (id = this.byValue.size));
      this.byObject.set(s, id);
    }
    return id;
  }
}
