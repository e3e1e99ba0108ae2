/**
 * Header spaces: sets of addresses (bigint intervals of one family) and of ports (number
 * intervals), and boxes, their products. The evaluator splits boxes by rules; nothing here loops
 * over single addresses or ports.
 * All sets are sorted, disjoint and non-adjacent; functions here keep that and expect it.
 * @module
 */
import { familyBits, formatCidr, intervalToCidrs, type Cidr, type Family } from '../net/ip.js';
import type { PortRange, PortSet } from '../net/ports.js';

export interface AddrIv {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Addresses of one family: sorted, disjoint, non-adjacent inclusive intervals. */
export type AddrSet = readonly AddrIv[];

export const MAX_ADDR: Readonly<Record<Family, bigint>> = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };
export const ALL_ADDR: Readonly<Record<Family, AddrSet>> = { 4: [{ lo: 0n, hi: MAX_ADDR[4] }], 6: [{ lo: 0n, hi: MAX_ADDR[6] }] };
export const ALL_PORT_SET: PortSet = [[0, 65535]];
export const NO_ADDR: AddrSet = [];

// ---- addresses -------------------------------------------------------------------------------

/** Sorts and merges intervals (overlapping or adjacent). */
export function addrNormalize(items: Iterable<AddrIv>): AddrIv[] {
  const sorted = [...items].sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: { lo: bigint; hi: bigint }[] = [];
  for (const it of sorted) {
    const last = out[out.length - 1];
    if (last && it.lo <= last.hi + 1n) {
      if (it.hi > last.hi) last.hi = it.hi;
    } else out.push({ lo: it.lo, hi: it.hi });
  }
  return out;
}

export const addrFromCidrs = (cidrs: readonly Cidr[], family: Family): AddrIv[] =>
  addrNormalize(cidrs.filter((c) => c.family === family).map((c) => ({ lo: c.base, hi: c.base | ((1n << BigInt(familyBits(family) - c.prefix)) - 1n) })));

export function addrIntersect(a: AddrSet, b: AddrSet): AddrIv[] {
  const out: AddrIv[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = x.lo > y.lo ? x.lo : y.lo;
    const hi = x.hi < y.hi ? x.hi : y.hi;
    if (lo <= hi) out.push(lo === x.lo && hi === x.hi ? x : lo === y.lo && hi === y.hi ? y : { lo, hi });
    if (x.hi < y.hi) i++;
    else j++;
  }
  return out;
}

export function addrSubtract(a: AddrSet, b: AddrSet): AddrIv[] {
  if (!b.length) return a as AddrIv[];
  const out: AddrIv[] = [];
  let j = 0;
  for (const x of a) {
    let lo = x.lo;
    while (j < b.length && b[j]!.hi < lo) j++;
    let k = j;
    let done = false;
    while (k < b.length && b[k]!.lo <= x.hi) {
      const y = b[k]!;
      if (y.lo > lo) out.push({ lo, hi: y.lo - 1n });
      if (y.hi >= x.hi) {
        done = true;
        break;
      }
      lo = y.hi + 1n;
      k++;
    }
    if (!done) out.push(lo === x.lo ? x : { lo, hi: x.hi });
  }
  return out;
}

export const addrUnion = (...sets: AddrSet[]): AddrIv[] => addrNormalize(sets.flat());

export const addrComplement = (a: AddrSet, family: Family): AddrIv[] => addrSubtract(ALL_ADDR[family], a);

export function addrOverlaps(a: AddrSet, b: AddrSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x.lo <= y.hi && y.lo <= x.hi) return true;
    if (x.hi < y.hi) i++;
    else j++;
  }
  return false;
}

export const addrCovers = (outer: AddrSet, inner: AddrSet): boolean => addrSubtract(inner, outer).length === 0;

export const addrSize = (a: AddrSet): bigint => a.reduce((n, x) => n + x.hi - x.lo + 1n, 0n);

export const addrEqual = (a: AddrSet, b: AddrSet): boolean => a.length === b.length && a.every((x, i) => x.lo === b[i]!.lo && x.hi === b[i]!.hi);

export const addrIsAll = (a: AddrSet, family: Family): boolean => a.length === 1 && a[0]!.lo === 0n && a[0]!.hi === MAX_ADDR[family];

/** The fewest prefixes covering a set, as text (`10.0.0.1`, `10.0.0.0/24`). */
export function addrText(a: AddrSet, family: Family, max = Infinity): string[] {
  if (addrIsAll(a, family)) return [family === 4 ? '0.0.0.0/0' : '::/0'];
  const out: string[] = [];
  for (const iv of a) {
    for (const c of intervalToCidrs({ family, lo: iv.lo, hi: iv.hi })) {
      if (out.length >= max) return [...out, '…'];
      out.push(formatCidr(c, true));
    }
  }
  return out;
}

export const addrToCidrs = (a: AddrSet, family: Family): Cidr[] => a.flatMap((iv) => intervalToCidrs({ family, lo: iv.lo, hi: iv.hi }));

// ---- ports (normalized inputs, no re-sorting) ------------------------------------------------

export function portIntersect(a: PortSet, b: PortSet): PortRange[] {
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = x[0] > y[0] ? x[0] : y[0];
    const hi = x[1] < y[1] ? x[1] : y[1];
    if (lo <= hi) out.push(lo === x[0] && hi === x[1] ? x : [lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

export function portSubtract(a: PortSet, b: PortSet): PortRange[] {
  if (!b.length) return a as PortRange[];
  const out: PortRange[] = [];
  let j = 0;
  for (const x of a) {
    let lo = x[0];
    while (j < b.length && b[j]![1] < lo) j++;
    let k = j;
    let done = false;
    while (k < b.length && b[k]![0] <= x[1]) {
      const y = b[k]!;
      if (y[0] > lo) out.push([lo, y[0] - 1]);
      if (y[1] >= x[1]) {
        done = true;
        break;
      }
      lo = y[1] + 1;
      k++;
    }
    if (!done) out.push(lo === x[0] ? x : [lo, x[1]]);
  }
  return out;
}

export function portOverlaps(a: PortSet, b: PortSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x[0] <= y[1] && y[0] <= x[1]) return true;
    if (x[1] < y[1]) i++;
    else j++;
  }
  return false;
}

export const portSize = (a: PortSet): number => a.reduce((n, x) => n + x[1] - x[0] + 1, 0);

export const portIsAll = (a: PortSet): boolean => a.length === 1 && a[0]![0] === 0 && a[0]![1] === 65535;

// ---- boxes -----------------------------------------------------------------------------------

/** A product of sets: every packet with a source in `src`, a destination in `dst`, and so on. */
export interface Box {
  readonly src: AddrSet;
  readonly dst: AddrSet;
  readonly dport: PortSet;
  readonly sport: PortSet;
}

/** A rule's match within one query: undefined dimensions match anything. */
export interface MatchBox {
  readonly src?: AddrSet | undefined;
  readonly dst?: AddrSet | undefined;
  readonly dport?: PortSet | undefined;
  readonly sport?: PortSet | undefined;
}

export const boxVolume = (b: Box): bigint => addrSize(b.src) * addrSize(b.dst) * BigInt(portSize(b.dport)) * BigInt(portSize(b.sport));

export const boxesVolume = (bs: readonly Box[]): bigint => bs.reduce((n, b) => n + boxVolume(b), 0n);

export const boxEmpty = (b: Box): boolean => !b.src.length || !b.dst.length || !b.dport.length || !b.sport.length;

/** Whether a box and a match share a packet. */
export const boxMeets = (b: Box, m: MatchBox): boolean =>
  (!m.src || addrOverlaps(b.src, m.src)) && (!m.dst || addrOverlaps(b.dst, m.dst)) && (!m.dport || portOverlaps(b.dport, m.dport)) && (!m.sport || portOverlaps(b.sport, m.sport));

/**
 * Splits a box by a match: the part that matches goes to `hit` (one box), the rest to `rest`
 * (at most four disjoint boxes). Returns whether anything matched.
 */
export function splitBox(b: Box, m: MatchBox, hit: Box[], rest: Box[]): boolean {
  const src = m.src ? addrIntersect(b.src, m.src) : b.src;
  if (!src.length) return rest.push(b), false;
  const dst = m.dst ? addrIntersect(b.dst, m.dst) : b.dst;
  if (!dst.length) return rest.push(b), false;
  const dport = m.dport ? portIntersect(b.dport, m.dport) : b.dport;
  if (!dport.length) return rest.push(b), false;
  const sport = m.sport ? portIntersect(b.sport, m.sport) : b.sport;
  if (!sport.length) return rest.push(b), false;
  const sameSrc = same(src, b.src);
  const sameDst = same(dst, b.dst);
  const sameDport = same(dport, b.dport);
  const sameSport = same(sport, b.sport);
  hit.push(sameSrc && sameDst && sameDport && sameSport ? b : { src, dst, dport, sport });
  // The rest, as disjoint boxes: outside on src; inside on src but outside on dst; and so on.
  if (!sameSrc) rest.push({ src: addrSubtract(b.src, src), dst: b.dst, dport: b.dport, sport: b.sport });
  if (!sameDst) rest.push({ src, dst: addrSubtract(b.dst, dst), dport: b.dport, sport: b.sport });
  if (!sameDport) rest.push({ src, dst, dport: portSubtract(b.dport, dport), sport: b.sport });
  if (!sameSport) rest.push({ src, dst, dport, sport: portSubtract(b.sport, sport) });
  return true;
}

/** Intersections return the original elements when nothing was cut, so equality is identity. */
function same<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Splits by a match given as alternatives (a packet matches when it matches any of them). */
export function splitBoxAny(b: Box, ms: readonly MatchBox[], hit: Box[], rest: Box[]): boolean {
  if (ms.length === 1) return splitBox(b, ms[0]!, hit, rest);
  let cur: Box[] = [b];
  let any = false;
  for (const m of ms) {
    const next: Box[] = [];
    for (const x of cur) if (splitBox(x, m, hit, next)) any = true;
    cur = next;
    if (!cur.length) break;
  }
  rest.push(...cur);
  return any;
}

export const boxOf = (m: MatchBox, family: Family): Box => ({
  src: m.src ?? ALL_ADDR[family],
  dst: m.dst ?? ALL_ADDR[family],
  dport: m.dport ?? ALL_PORT_SET,
  sport: m.sport ?? ALL_PORT_SET,
});

export function intersectBox(a: Box, b: Box): Box | undefined {
  const src = addrIntersect(a.src, b.src);
  if (!src.length) return undefined;
  const dst = addrIntersect(a.dst, b.dst);
  if (!dst.length) return undefined;
  const dport = portIntersect(a.dport, b.dport);
  if (!dport.length) return undefined;
  const sport = portIntersect(a.sport, b.sport);
  if (!sport.length) return undefined;
  return { src, dst, dport, sport };
}

/** Whether every address of `inner` is in `outer` (no allocation: this runs once per rule). */
export function addrWithin(inner: AddrSet, outer: AddrSet): boolean {
  let j = 0;
  for (const x of inner) {
    while (j < outer.length && outer[j]!.hi < x.lo) j++;
    const o = outer[j];
    if (!o || o.lo > x.lo || o.hi < x.hi) return false;
  }
  return true;
}

export function portWithin(inner: PortSet, outer: PortSet): boolean {
  let j = 0;
  for (const x of inner) {
    while (j < outer.length && outer[j]![1] < x[0]) j++;
    const o = outer[j];
    if (!o || o[0] > x[0] || o[1] < x[1]) return false;
  }
  return true;
}

/** Whether every packet of a is in b. */
export const boxWithin = (a: Box, b: Box): boolean => addrWithin(a.src, b.src) && addrWithin(a.dst, b.dst) && portWithin(a.dport, b.dport) && portWithin(a.sport, b.sport);

/** a minus b, as disjoint boxes. */
export function subtractBox(a: Box, b: Box): Box[] {
  const hit: Box[] = [];
  const rest: Box[] = [];
  splitBox(a, b, hit, rest);
  return rest;
}

/**
 * as minus every box of bs. `budget` caps the number of pieces; past it the result is
 * undefined (the caller reports that the analysis was cut short).
 */
export function subtractBoxes(as: readonly Box[], bs: readonly Box[], budget = Infinity): Box[] | undefined {
  let cur = as as Box[];
  for (const b of bs) {
    const next: Box[] = [];
    for (const x of cur) {
      if (!boxMeets(x, b)) next.push(x);
      else splitBox(x, b, [], next);
    }
    cur = next;
    if (cur.length > budget) return undefined;
    if (!cur.length) break;
  }
  return cur;
}

/** Source and destination swapped, ports too: the reply of a packet. */
export const mirrorBox = (b: Box): Box => ({ src: b.dst, dst: b.src, dport: b.sport, sport: b.dport });

/** The union of one dimension over boxes. */
export const unionSrc = (bs: readonly Box[]): AddrIv[] => addrNormalize(bs.flatMap((b) => b.src));
export const unionDst = (bs: readonly Box[]): AddrIv[] => addrNormalize(bs.flatMap((b) => b.dst));
export function unionDport(bs: readonly Box[]): PortRange[] {
  const all = bs.flatMap((b) => b.dport).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
