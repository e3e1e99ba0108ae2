/**
 * Indexes that find the rules of a chain that can meet a header space, without looking at the
 * others: intervals bucketed by width (so an overlap query is a binary search per bucket), on
 * the dimension of the chain with the fewest wildcard rules.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { AclChain, AclRule } from './acl.js';
import type { SetIds } from './set-ids.js';
import { addrSize, type AddrSet } from './space.js';

interface Bucket {
  /** lo + the bucket's width bound, ascending: entries with reach < a query's lo cannot meet it. */
  reach: bigint[];
  los: bigint[];
  his: bigint[];
  ids: number[];
  /** The bucket's extent: queries outside it skip the bucket. */
  min: bigint;
  max: bigint;
}

/** The same in doubles, for intervals that fit them exactly (IPv4 addresses, ports): no bigint compares. */
interface NumBucket {
  reach: Float64Array;
  los: Float64Array;
  his: Float64Array;
  ids: Int32Array;
  min: number;
  max: number;
}

/** Intervals below this are held as doubles (lo + a bucket's width stays exact). */
const NUM_LIMIT = 1n << 48n;
const NUM_LIMIT_N = 2 ** 48;

/** Intervals (bigint) with ids; answers "which ids have an interval meeting [lo, hi]?". */
export class IntervalIndex {
  private readonly buckets: Bucket[] = [];
  private readonly nums: NumBucket[] | undefined;

  constructor(entries: readonly { lo: bigint; hi: bigint; id: number }[]) {
    const byBits = new Map<number, { lo: bigint; hi: bigint; id: number }[]>();
    let numeric = true;
    for (const e of entries) {
      // Widths rounded up to a power of 16: few buckets, each a binary search.
      const bits = Math.ceil(bitLength(e.hi - e.lo) / 4) * 4;
      if (e.hi >= NUM_LIMIT) numeric = false;
      let l = byBits.get(bits);
      if (!l) byBits.set(bits, (l = []));
      l.push(e);
    }
    if (numeric) this.nums = [];
    for (const [bits, l] of byBits) {
      l.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.id - b.id));
      let max = l[0]!.hi;
      for (const e of l) if (e.hi > max) max = e.hi;
      if (this.nums) {
        const width = 2 ** bits;
        const n = l.length;
        const nb: NumBucket = { reach: new Float64Array(n), los: new Float64Array(n), his: new Float64Array(n), ids: new Int32Array(n), min: Number(l[0]!.lo), max: Number(max) };
        for (let i = 0; i < n; i++) {
          const e = l[i]!;
          const lo = Number(e.lo);
          nb.los[i] = lo;
          nb.his[i] = Number(e.hi);
          nb.reach[i] = lo + width;
          nb.ids[i] = e.id;
        }
        this.nums.push(nb);
        continue;
      }
      const width = 1n << BigInt(bits);
      this.buckets.push({ reach: l.map((e) => e.lo + width), los: l.map((e) => e.lo), his: l.map((e) => e.hi), ids: l.map((e) => e.id), min: l[0]!.lo, max });
    }
  }

  /**
   * Pushes the ids of intervals that meet [lo, hi] (an id may come more than once); stops once
   * `out` holds more than `limit`.
   */
  query(lo: bigint, hi: bigint, out: number[], limit = Infinity): void {
    if (this.nums) {
      if (lo >= NUM_LIMIT) return;
      this.queryNum(Number(lo), hi >= NUM_LIMIT ? NUM_LIMIT_N : Number(hi), out, limit);
      return;
    }
    for (const b of this.buckets) {
      if (b.min > hi || b.max < lo) continue;
      // Entries with lo in [lo - width, hi] are the only ones that can reach [lo, hi].
      let i = lowerBound(b.reach, lo);
      const n = b.los.length;
      for (; i < n; i++) {
        if (b.los[i]! > hi) break;
        if (b.his[i]! >= lo && out.push(b.ids[i]!) > limit) return;
      }
    }
  }

  /** `query` for numbers (ports, or addresses below 2^48). */
  queryNum(lo: number, hi: number, out: number[], limit = Infinity): void {
    if (!this.nums) {
      this.query(BigInt(lo), BigInt(hi), out, limit);
      return;
    }
    for (const b of this.nums) {
      if (b.min > hi || b.max < lo) continue;
      const reach = b.reach;
      let a = 0;
      let z = reach.length;
      while (a < z) {
        const mid = (a + z) >> 1;
        if (reach[mid]! < lo) a = mid + 1;
        else z = mid;
      }
      const los = b.los;
      const his = b.his;
      const n = los.length;
      for (let i = a; i < n; i++) {
        if (los[i]! > hi) break;
        if (his[i]! >= lo && out.push(b.ids[i]!) > limit) return;
      }
    }
  }
}

const TWO_32 = 1n << 32n;

function bitLength(x: bigint): number {
  if (x < TWO_32) return 32 - Math.clz32(Number(x));
  return x.toString(2).length;
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

/** Memoised candidate lists per chain and family (each a few numbers). */
const MEMO_MAX = 50_000;
/** A query this much wider on the indexed dimension than on the other uses the other's index. */
const WIDE = 1n << 16n;
/** Pair results: one per flow, and the rules written for it share them. */
const PAIR_MEMO_MAX = 1_000_000;

/** The query's extent, used to look rules up. */
export interface Bounds {
  src: AddrSet;
  dst: AddrSet;
  dport: readonly (readonly [number, number])[];
}

/**
 * One chain's index for one family: on the dimension with the fewest wildcard rules and, where
 * many rules share an interval there (every rule to the backup server), on the other address
 * dimension inside that group, so that a flow finds its few rules among 100,000.
 */
export class ChainIndex {
  readonly dim: Dim;
  readonly second: 'src' | 'dst' | undefined;
  /** The chain's rules of the family that can match anything (no `continue`, no loopback). */
  private readonly rules: AclRule[];
  /** Rules that match any value of the indexed dimension. */
  private wild: number[] = [];
  private index: IntervalIndex | undefined;
  private readonly groups: Group[] = [];
  /** Rules from one address to one address, for host-to-host queries (null: not worth it here). */
  private pairs: Pairs | null | undefined;

  constructor(
    readonly chain: AclChain,
    readonly family: Family,
    /** Index on this dimension (the other index of a chain): never hands over again. */
    readonly forced?: 'src' | 'dst',
    /** Index these rules of the chain only (the rules left out of a pair map, or this index's own), with no pair map. */
    subset?: AclRule[],
    /** The pair intervals of every chain of the family (an engine shares one); else this chain's own. */
    private space?: PairSpace,
  ) {
    const counts: Record<Dim, number> = { src: 0, dst: 0, dport: 0 };
    if (subset) {
      this.rules = subset;
      this.pairs = null;
    } else {
      this.rules = [];
      for (const r of chain.rules) if (r.action !== 'continue' && (r.family === undefined || r.family === family) && !r.local) this.rules.push(r);
    }
    for (const r of this.rules) {
      if (!r.src?.[family]) counts.src++;
      if (!r.dst?.[family]) counts.dst++;
      if (!r.ports || anyWithoutDport(r.ports)) counts.dport++;
    }
    if (forced) this.pairs = null;
    this.dim = forced ?? (['dst', 'src', 'dport'] as const).reduce((best, d) => (counts[d] < counts[best] ? d : best), 'dst' as Dim);
    this.second = this.dim === 'dst' ? 'src' : this.dim === 'src' ? 'dst' : undefined;
  }

  /** The interval index of the indexed dimension, built at the first query that needs it. */
  private built(): IntervalIndex {
    if (this.index) return this.index;
    // A group per distinct interval (rules share their parsed intervals: found by object mostly).
    const ids = new IntervalIds();
    for (const r of this.rules) {
      const ivs = intervalsOf(r, this.dim, this.family);
      if (!ivs) {
        this.wild.push(r.index);
        continue;
      }
      for (const iv of ivs) {
        const g = ids.id(iv);
        if (g === this.groups.length) this.groups.push({ rules: [], indexes: [], index: undefined, wild: undefined });
        const group = this.groups[g]!;
        group.rules.push(r);
        group.indexes.push(r.index);
      }
    }
    return (this.index = ids.index());
  }

  /**
   * The pair map, made at the first query with few intervals: the chain's rules with one source
   * and one destination interval, by each interval (ids of the shared PairSpace); the other rules
   * get an index of their own. Null when the chain has too few such rules for a map to pay.
   */
  private makePairs(): Pairs | null {
    const space = (this.space ??= new PairSpace(this.rules, this.family));
    const n = this.chain.rules.length;
    const srcAt = new Int32Array(n).fill(-1);
    const dstAt = new Int32Array(n).fill(-1);
    const bySrc: (number[] | undefined)[] = new Array(space.size);
    const byDst: (number[] | undefined)[] = new Array(space.size);
    const rest: AclRule[] = [];
    let count = 0;
    for (const r of this.rules) {
      const si = space.srcOf(r);
      if (si < 0) {
        rest.push(r);
        continue;
      }
      const di = space.dstOf(r);
      count++;
      srcAt[r.index] = si;
      dstAt[r.index] = di;
      (bySrc[si] ??= []).push(r.index);
      (byDst[di] ??= []).push(r.index);
    }
    if (count < PAIRS_MIN) return (this.pairs = null);
    return (this.pairs = { space, srcAt, dstAt, bySrc: exactLength(bySrc), byDst: exactLength(byDst), rest: rest.length ? new ChainIndex(this.chain, this.family, undefined, rest) : undefined });
  }

  /**
   * Candidates by the pair map: the intervals that meet the query's sources, times those that meet
   * its destinations, and the other rules' candidates. A query wide on one side (a rule from one
   * host to a whole zone) takes every pair rule of the other side's few intervals. Undefined when
   * both sides are wide: then the chain's index answers.
   */
  private pairCandidates(p: Pairs, bounds: Bounds, ids: SetIds | undefined): number[] | undefined {
    const ds = p.space.meeting(bounds.dst);
    // No pair rule goes to these destinations: the sources need no look-up.
    const ss = ds === TOO_MANY || ds.length ? p.space.meeting(bounds.src) : NO_RULES;
    let own: number[] | undefined;
    if (ds !== TOO_MANY && ss !== TOO_MANY && ss.length * ds.length <= PAIRS_MAX) {
      for (let i = 0; i < ds.length; i++) {
        const d = ds[i]!;
        const toD = p.byDst[d];
        if (!toD) continue;
        for (let j = 0; j < ss.length; j++) {
          const s = ss[j]!;
          const fromS = p.bySrc[s];
          if (!fromS) continue;
          const l = fromS.length <= toD.length ? only(fromS, p.dstAt, d) : only(toD, p.srcAt, s);
          if (l.length) own = own ? mergeUnique(own, l) : l;
        }
      }
    } else if (ss !== TOO_MANY && (ds === TOO_MANY || ss.length <= ds.length)) own = rulesOf(p.bySrc, ss);
    else if (ds !== TOO_MANY) own = rulesOf(p.byDst, ds);
    else return undefined;
    const other = p.rest ? p.rest.candidates(bounds, ids) : NO_RULES;
    if (!own?.length) return other;
    if (!other.length) return own;
    return mergeUnique(own, other);
  }

  /** Results that depend on the indexed dimension only: by its set's id (ports: by the port set object). */
  private readonly memo = new Map<unknown, number[]>();
  /** Results that depend on both address dimensions: by the ids of the two sets, as one number. */
  private readonly pairMemo = new Map<number, number[]>();

  /**
   * Indexes (in the chain) of the rules that may meet the bounds, sorted and unique. `ids`: the
   * bounds' sets are long-lived (a host's addresses, a rule's), so results may be kept by their
   * ids (a flow and the rule written for it find the same candidates).
   */
  candidates(bounds: Bounds, ids?: SetIds): number[] {
    if (this.pairs !== null) {
      const s = bounds.src;
      const d = bounds.dst;
      if (s.length * d.length <= PAIRS_MAX) {
        const p = this.pairs ?? this.makePairs();
        const got = p && this.pairCandidates(p, bounds, ids);
        if (got) return got;
      }
    }
    let key: unknown;
    let a = -1;
    let b = -1;
    if (ids) {
      key = this.dim === 'dport' ? bounds.dport : ids.id(bounds[this.dim]);
      const hit = this.memo.get(key);
      if (hit) return hit;
      if (this.second) {
        b = ids.id(bounds[this.second]);
        if ((key as number) < PAIR_ID_LIMIT && b < PAIR_ID_LIMIT) {
          a = key as number;
          const hit2 = this.pairMemo.get(pairKey(a, b));
          if (hit2) return hit2;
        }
      }
    }
    const index = this.built();
    // Answers of the other index are not kept: they are right, but would not be this index's.
    const alt = this.narrower(bounds);
    if (alt) return alt.candidates(bounds);
    const gs: number[] = [];
    if (this.dim === 'dport') for (const [lo, hi] of bounds.dport) index.queryNum(lo, hi, gs);
    else for (const iv of bounds[this.dim]) index.query(iv.lo, iv.hi, gs);
    if (!gs.length) {
      if (ids && this.memo.size < MEMO_MAX) this.memo.set(key, this.wild);
      return this.wild;
    }
    let out: number[] = this.wild.slice();
    let second = false;
    for (const g of gs) if (this.groupCandidates(this.groups[g]!, bounds, out)) second = true;
    sortUnique(out);
    if (ids) {
      // Kept: a copy of the exact length (the list grew by pushes, with room for more).
      if (!second) {
        if (this.memo.size < MEMO_MAX) this.memo.set(key, (out = out.slice()));
      } else if (a >= 0 && this.pairMemo.size < PAIR_MEMO_MAX) this.pairMemo.set(pairKey(a, b), (out = out.slice()));
    }
    return out;
  }

  /** An index on the other address dimension, for queries wide on this one and narrow on that. */
  private other: ChainIndex | null | undefined;

  /**
   * The other address index when the query is far narrower there (a rule from one host to any
   * address): each query then meets the few rules of that host, not every rule of the chain.
   */
  private narrower(bounds: Bounds): ChainIndex | undefined {
    if (this.other === null || !this.second || this.forced) return undefined;
    const set = bounds[this.dim as 'src' | 'dst'];
    // The usual query: a host or a subnet, narrow enough here.
    if (set.length === 1 && (set[0]!.lo === set[0]!.hi || set[0]!.hi - set[0]!.lo < WIDE)) return undefined;
    const here = addrSize(set);
    if (here < WIDE) return undefined;
    if (addrSize(bounds[this.second]) * WIDE > here) return undefined;
    if (this.other === undefined) {
      const o = new ChainIndex(this.chain, this.family, this.second, this.rules);
      o.built();
      // Worth it only when few rules are wildcards there.
      this.other = o.wild.length <= 2 * this.wild.length + 16 ? o : null;
    }
    return this.other ?? undefined;
  }

  /** Pushes a group's candidates; true when they depend on the second dimension too. */
  private groupCandidates(g: Group, bounds: Bounds, out: number[]): boolean {
    const second = this.second;
    const own = g.indexes;
    if (!second || own.length <= 8) {
      for (let i = 0; i < own.length; i++) out.push(own[i]!);
      return false;
    }
    if (!g.index) {
      g.wild = [];
      const entries: { lo: bigint; hi: bigint; id: number }[] = [];
      for (const r of g.rules) {
        const ivs = intervalsOf(r, second, this.family);
        if (!ivs) g.wild.push(r.index);
        else for (const iv of ivs) entries.push({ lo: iv.lo, hi: iv.hi, id: r.index });
      }
      g.index = new IntervalIndex(entries);
    }
    const wild = g.wild!;
    for (let i = 0; i < wild.length; i++) out.push(wild[i]!);
    const set = second === 'src' ? bounds.src : bounds.dst;
    for (let i = 0; i < set.length; i++) g.index.query(set[i]!.lo, set[i]!.hi, out);
    return true;
  }
}

/**
 * One number for a pair of set ids: a small integer (a Map's fastest key) while both ids are below
 * 2^15, else a larger exact one (ids below 2^26: 67 million sets, far beyond any ruleset).
 */
const PAIR_ID_LIMIT = 67_108_864;
const pairKey = (a: number, b: number): number => (a < 32_768 && b < 32_768 ? a * 32_768 + b : 1_073_741_824 + a * 67_108_864 + b);

/** Sorts ids and drops repeats, in place (lists are short: insertion sort up to 32). */
function sortUnique(out: number[]): void {
  const n = out.length;
  if (n < 2) return;
  if (n <= 32)
    for (let i = 1; i < n; i++) {
      const v = out[i]!;
      let j = i - 1;
      while (j >= 0 && out[j]! > v) {
        out[j + 1] = out[j]!;
        j--;
      }
      out[j + 1] = v;
    }
  else out.sort((x, y) => x - y);
  let k = 1;
  for (let i = 1; i < n; i++) if (out[i] !== out[k - 1]) out[k++] = out[i]!;
  out.length = k;
}

/** A chain needs this many rules of one source and one destination interval for a pair map. */
export const PAIRS_MIN = 32;
/** A query looks up at most this many (source, destination) pairs; a wider one uses the index. */
export const PAIRS_MAX = 64;
const NO_RULES: number[] = [];

interface Pairs {
  space: PairSpace;
  /** By index in the chain: the pair rule's source (destination) interval id; -1 for the other rules. */
  srcAt: Int32Array;
  dstAt: Int32Array;
  /** The chain's pair rules (indexes, ascending) by source (destination) interval id. */
  bySrc: (number[] | undefined)[];
  byDst: (number[] | undefined)[];
  /** The index of the other rules; undefined when there are none. */
  rest: ChainIndex | undefined;
}

/** Lists kept for the whole audit: pushed-to ones replaced by copies of their exact length. */
function exactLength(lists: (number[] | undefined)[]): (number[] | undefined)[] {
  for (let i = 0; i < lists.length; i++) if (lists[i] && lists[i]!.length > 1) lists[i] = lists[i]!.slice();
  return lists;
}

/** The rules of a list (ascending) whose interval on the other side is `id`; the list itself when all are. */
function only(list: number[], at: Int32Array, id: number): number[] {
  let n = 0;
  for (let i = 0; i < list.length; i++) if (at[list[i]!] === id) n++;
  if (n === list.length) return list;
  const out: number[] = [];
  if (n) for (let i = 0; i < list.length; i++) if (at[list[i]!] === id) out.push(list[i]!);
  return out;
}

/**
 * The intervals of the rules with one source and one destination interval, in every chain of a
 * family (an engine makes one for all its chains): one id per distinct interval, by rule, an index
 * of them, and which of them meet a set, remembered by the set object (hosts and rules share
 * their sets, so each set is looked up once for all chains).
 */
export class PairSpace {
  private readonly ids = new IntervalIds();
  /** By rule id: the ids of its source and destination intervals; -1 for a rule of another shape. */
  private readonly src: Int32Array;
  private readonly dst: Int32Array;
  private readonly index: IntervalIndex;
  private readonly memo = new Map<AddrSet, number[]>();

  constructor(rules: readonly AclRule[], family: Family) {
    let max = -1;
    for (const r of rules) if (r.id > max) max = r.id;
    this.src = new Int32Array(max + 1).fill(-1);
    this.dst = new Int32Array(max + 1).fill(-1);
    for (const r of rules) {
      if (r.family !== undefined && r.family !== family) continue;
      const s = r.src?.[family];
      const d = r.dst?.[family];
      if (!s || !d || s.length !== 1 || d.length !== 1) continue;
      this.src[r.id] = this.ids.id(s[0]!);
      this.dst[r.id] = this.ids.id(d[0]!);
    }
    this.index = this.ids.index();
  }

  get size(): number {
    return this.ids.size;
  }

  /** The rule's source (destination) interval id; -1 when the rule is not one interval each way or not of this space. */
  srcOf(r: AclRule): number {
    return r.id < this.src.length ? this.src[r.id]! : -1;
  }

  dstOf(r: AclRule): number {
    return r.id < this.dst.length ? this.dst[r.id]! : -1;
  }

  /**
   * Ids of the intervals that meet a set, sorted and unique; TOO_MANY when more than PAIRS_MAX do
   * (a wide set: the look-up stops there).
   */
  meeting(set: AddrSet): number[] {
    if (set === this.lastSet) return this.lastIds;
    let l = this.memo.get(set);
    if (!l) {
      l = [];
      for (let i = 0; i < set.length && l.length <= PAIRS_MAX; i++) this.index.query(set[i]!.lo, set[i]!.hi, l, PAIRS_MAX);
      if (l.length > PAIRS_MAX) l = TOO_MANY;
      else {
        sortUnique(l);
        l = l.slice();
      }
      if (this.memo.size < MEMO_MAX) this.memo.set(set, l);
    }
    this.lastSet = set;
    return (this.lastIds = l);
  }

  /** The last set looked up (flows come in runs from one host). */
  private lastSet: AddrSet | undefined;
  private lastIds: number[] = NO_RULES;
}

/** Small numbers for distinct intervals (by object first: rules share their parsed intervals). */
class IntervalIds {
  private readonly byObject = new Map<object, number>();
  private readonly byKey = new Map<string, number>();
  private readonly entries: { lo: bigint; hi: bigint; id: number }[] = [];

  get size(): number {
    return this.entries.length;
  }

  private last: object | undefined;
  private lastId = -1;

  id(iv: { lo: bigint; hi: bigint }): number {
    // Rules come in runs from one source (a chain per source zone, by host): one look-up per run.
    if (iv === this.last) return this.lastId;
    this.last = iv;
    let id = this.byObject.get(iv);
    if (id === undefined) {
      const k = `${iv.lo}-${iv.hi}`;
      id = this.byKey.get(k);
      if (id === undefined) {
        this.byKey.set(k, (id = this.entries.length));
        this.entries.push({ lo: iv.lo, hi: iv.hi, id });
      }
      this.byObject.set(iv, id);
    }
    return (this.lastId = id);
  }

  index(): IntervalIndex {
    return new IntervalIndex(this.entries);
  }
}

/** What `PairSpace.meeting` gives for a set that meets more than PAIRS_MAX intervals. */
const TOO_MANY: number[] = [];

/** The rules of some intervals (ids ascending, unique), ascending and unique. */
function rulesOf(lists: readonly (number[] | undefined)[], ids: readonly number[]): number[] {
  if (ids.length === 1) return lists[ids[0]!] ?? NO_RULES;
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const l = lists[ids[i]!];
    if (l) for (let j = 0; j < l.length; j++) out.push(l[j]!);
  }
  sortUnique(out);
  return out;
}

/** The union of two ascending lists of unique numbers. */
function mergeUnique(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

interface Group {
  rules: AclRule[];
  /** The rules' indexes in the chain: what a query pushes, without loading each rule. */
  indexes: number[];
  /** On the other address dimension, built at the first query of a group of more than 8 rules. */
  index: IntervalIndex | undefined;
  wild: number[] | undefined;
}

function anyWithoutDport(ports: AclRule['ports'] & object): boolean {
  for (let i = 0; i < ports.length; i++) if (!ports[i]!.dport) return true;
  return false;
}

function intervalsOf(r: AclRule, dim: Dim, family: Family): readonly { lo: bigint; hi: bigint }[] | undefined {
  if (dim === 'dport') {
    if (!r.ports || anyWithoutDport(r.ports)) return undefined;
    return r.ports.flatMap((p) => p.dport!.map(([lo, hi]) => ({ lo: BigInt(lo), hi: BigInt(hi) })));
  }
  return r[dim]?.[family];
}
