/**
 * Indexes that find the rules of a chain that can meet a header space, without looking at the
 * others: intervals bucketed by width (so an overlap query is a binary search per bucket), on
 * the dimension of the chain with the fewest wildcard rules.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { AclChain, AclRule } from './acl.js';
import type { AddrSet } from './space.js';

interface Bucket {
  /** Widths in this bucket are below 2^bits. */
  width: bigint;
  los: bigint[];
  his: bigint[];
  ids: number[];
}

/** Intervals (bigint) with ids; answers "which ids have an interval meeting [lo, hi]?". */
export class IntervalIndex {
  private readonly buckets: Bucket[] = [];

  constructor(entries: readonly { lo: bigint; hi: bigint; id: number }[]) {
    const byBits = new Map<number, { lo: bigint; hi: bigint; id: number }[]>();
    for (const e of entries) {
      const bits = bitLength(e.hi - e.lo);
      let l = byBits.get(bits);
      if (!l) byBits.set(bits, (l = []));
      l.push(e);
    }
    for (const [bits, l] of byBits) {
      l.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.id - b.id));
      this.buckets.push({ width: 1n << BigInt(bits), los: l.map((e) => e.lo), his: l.map((e) => e.hi), ids: l.map((e) => e.id) });
    }
  }

  /** Pushes the ids of intervals that meet [lo, hi] (an id may come more than once). */
  query(lo: bigint, hi: bigint, out: number[]): void {
    for (const b of this.buckets) {
      // Entries with lo in [lo - width, hi] are the only ones that can reach [lo, hi].
      let i = lowerBound(b.los, lo - b.width);
      const n = b.los.length;
      for (; i < n; i++) {
        if (b.los[i]! > hi) break;
        if (b.his[i]! >= lo) out.push(b.ids[i]!);
      }
    }
  }
}

function bitLength(x: bigint): number {
  let n = 0;
  while (x > 0n) {
    x >>= 1n;
    n++;
  }
  return n;
}

function lowerBound(a: readonly bigint[], v: bigint): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Dim = 'src' | 'dst' | 'dport';

/** The query's extent, used to look rules up. */
export interface Bounds {
  src: AddrSet;
  dst: AddrSet;
  dport: readonly (readonly [number, number])[];
}

/** One chain's index for one family. */
export class ChainIndex {
  readonly dim: Dim;
  /** Rules that match any value of the indexed dimension. */
  private readonly wild: number[];
  private readonly index: IntervalIndex;

  constructor(
    readonly chain: AclChain,
    readonly family: Family,
  ) {
    const rules = chain.rules.filter((r) => r.action !== 'continue' && (r.family === undefined || r.family === family) && !r.local);
    const counts: Record<Dim, number> = { src: 0, dst: 0, dport: 0 };
    for (const r of rules) {
      if (!r.src?.[family]) counts.src++;
      if (!r.dst?.[family]) counts.dst++;
      if (!r.ports || r.ports.some((p) => !p.dport)) counts.dport++;
    }
    this.dim = (['dst', 'src', 'dport'] as const).reduce((best, d) => (counts[d] < counts[best] ? d : best), 'dst' as Dim);
    const entries: { lo: bigint; hi: bigint; id: number }[] = [];
    this.wild = [];
    for (const r of rules) {
      const ivs = intervalsOf(r, this.dim, family);
      if (!ivs) this.wild.push(r.index);
      else for (const iv of ivs) entries.push({ lo: iv.lo, hi: iv.hi, id: r.index });
    }
    this.index = new IntervalIndex(entries);
  }

  /** Indexes (in the chain) of the rules whose indexed dimension meets the bounds, sorted. */
  candidates(bounds: Bounds): number[] {
    const out: number[] = [];
    if (this.dim === 'dport') for (const [lo, hi] of bounds.dport) this.index.query(BigInt(lo), BigInt(hi), out);
    else for (const iv of bounds[this.dim]) this.index.query(iv.lo, iv.hi, out);
    if (!out.length) return this.wild;
    out.push(...this.wild);
    out.sort((a, b) => a - b);
    let k = 0;
    for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[i - 1]) out[k++] = out[i]!;
    out.length = k;
    return out;
  }
}

function intervalsOf(r: AclRule, dim: Dim, family: Family): { lo: bigint; hi: bigint }[] | undefined {
  if (dim === 'dport') {
    if (!r.ports || r.ports.some((p) => !p.dport)) return undefined;
    return r.ports.flatMap((p) => p.dport!.map(([lo, hi]) => ({ lo: BigInt(lo), hi: BigInt(hi) })));
  }
  const side = r[dim]?.[family];
  return side ? [...side] : undefined;
}
