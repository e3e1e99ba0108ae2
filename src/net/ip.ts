/**
 * IPv4 and IPv6 addresses, prefixes and address sets, as bigints.
 * An address set is a sorted list of disjoint inclusive intervals per family; it converts to the
 * fewest CIDR prefixes that cover exactly the same addresses.
 * @module
 */
export type Family = 4 | 6;

export interface Cidr {
  family: Family;
  /** Network address (host bits zero). */
  base: bigint;
  prefix: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export const familyBits = (f: Family): number => BITS[f];

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0'))) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const dbl = text.split('::');
  if (dbl.length > 2) return undefined;
  const side = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const groups = s.split(':');
    const out: bigint[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === undefined) return undefined;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(BigInt(parseInt(g, 16)));
      }
    }
    return out;
  };
  const head = side(dbl[0]!);
  const tail = dbl.length === 2 ? side(dbl[1]!) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (dbl.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const groups = [...head, ...Array<bigint>(dbl.length === 2 ? fill : 0).fill(0n), ...tail];
  return groups.reduce((v, g) => (v << 16n) | g, 0n);
}

export interface Ip {
  family: Family;
  value: bigint;
}

export function parseIp(text: string): Ip | undefined {
  const t = text.trim();
  if (t.includes(':')) {
    const v = parseV6(t);
    return v === undefined ? undefined : { family: 6, value: v };
  }
  const v = parseV4(t);
  return v === undefined ? undefined : { family: 4, value: v };
}

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first on a tie.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const mask = (family: Family, prefix: number): bigint => {
  const bits = BigInt(BITS[family]);
  return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
};

export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string; hint?: string };

/** Parses `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a host prefix). Host bits must be zero. */
export function parseCidr(text: string): CidrParse {
  const [addr, len, extra] = String(text).trim().split('/');
  if (extra !== undefined || addr === undefined) return { ok: false, reason: `'${text}' is not a CIDR prefix`, hint: 'write ADDRESS/LENGTH, e.g. 10.20.0.0/16' };
  const ip = parseIp(addr);
  if (!ip) return { ok: false, reason: `'${addr}' is not an IPv4 or IPv6 address`, hint: 'e.g. 10.20.0.0/16 or 2001:db8::/48' };
  const bits = BITS[ip.family];
  const prefix = len === undefined ? bits : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return { ok: false, reason: `prefix length '/${len}' is not between 0 and ${bits}` };
  const base = ip.value & mask(ip.family, prefix);
  if (base !== ip.value) {
    const net = `${formatIp(ip.family, base)}/${prefix}`;
    return { ok: false, reason: `'${text}' has host bits set`, hint: `did you mean ${net}?` };
  }
  return { ok: true, cidr: { family: ip.family, base, prefix } };
}

export const hostCidr = (ip: Ip): Cidr => ({ family: ip.family, base: ip.value, prefix: BITS[ip.family] });

export const cidrLast = (c: Cidr): bigint => c.base | ((1n << BigInt(BITS[c.family] - c.prefix)) - 1n);

export const formatCidr = (c: Cidr, bareHost = false): string =>
  bareHost && c.prefix === BITS[c.family] ? formatIp(c.family, c.base) : `${formatIp(c.family, c.base)}/${c.prefix}`;

export const cidrContains = (outer: Cidr, inner: Cidr): boolean =>
  outer.family === inner.family && inner.prefix >= outer.prefix && (inner.base & mask(outer.family, outer.prefix)) === outer.base;

export const cidrOverlaps = (a: Cidr, b: Cidr): boolean => cidrContains(a, b) || cidrContains(b, a);

export const compareCidr = (a: Cidr, b: Cidr): number =>
  a.family - b.family || (a.base < b.base ? -1 : a.base > b.base ? 1 : a.prefix - b.prefix);

/** An inclusive interval of addresses of one family. */
export interface AddrInterval {
  family: Family;
  lo: bigint;
  hi: bigint;
}

/** Sorted, merged intervals (adjacent ones joined). */
export function normalizeIntervals(items: Iterable<AddrInterval>): AddrInterval[] {
  const sorted = [...items].sort((a, b) => a.family - b.family || (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const out: AddrInterval[] = [];
  for (const it of sorted) {
    const last = out[out.length - 1];
    if (last && last.family === it.family && it.lo <= last.hi + 1n) {
      if (it.hi > last.hi) last.hi = it.hi;
    } else out.push({ ...it });
  }
  return out;
}

export const cidrInterval = (c: Cidr): AddrInterval => ({ family: c.family, lo: c.base, hi: cidrLast(c) });

/** The fewest prefixes covering exactly [lo, hi]. */
export function intervalToCidrs(iv: AddrInterval): Cidr[] {
  return iv.family === 4 ? intervalToCidrs4(iv) : intervalToCidrsBig(iv);
}

/** `intervalToCidrs` for IPv4, in doubles (exact below 2^53): no bigint per step. */
function intervalToCidrs4(iv: AddrInterval): Cidr[] {
  const out: Cidr[] = [];
  let lo = Number(iv.lo);
  const hi = Number(iv.hi);
  while (lo <= hi) {
    // The largest block aligned at lo that fits in [lo, hi].
    let size = 1;
    while (size < 2 ** 32 && lo % (size * 2) === 0 && lo + size * 2 - 1 <= hi) size *= 2;
    out.push({ family: 4, base: BigInt(lo), prefix: 32 - Math.log2(size) });
    lo += size;
  }
  return out;
}

/** `intervalToCidrs` in bigints (any family). */
export function intervalToCidrsBig(iv: AddrInterval): Cidr[] {
  const bits = BITS[iv.family];
  const out: Cidr[] = [];
  let lo = iv.lo;
  while (lo <= iv.hi) {
    let size = bits;
    // largest block aligned at lo that fits in [lo, hi]
    while (size > 0) {
      const block = 1n << BigInt(bits - size + 1);
      if ((lo & (block - 1n)) !== 0n || lo + block - 1n > iv.hi) break;
      size--;
    }
    out.push({ family: iv.family, base: lo, prefix: size });
    lo += 1n << BigInt(bits - size);
  }
  return out;
}

/** Merges prefixes into the fewest prefixes covering exactly their union. */
export function mergeCidrs(cidrs: Iterable<Cidr>): Cidr[] {
  return normalizeIntervals([...cidrs].map(cidrInterval)).flatMap(intervalToCidrs);
}

export function subtractIntervals(a: readonly AddrInterval[], b: readonly AddrInterval[]): AddrInterval[] {
  const out: AddrInterval[] = [];
  const y = normalizeIntervals(b);
  for (const it of normalizeIntervals(a)) {
    let lo = it.lo;
    let done = false;
    for (const o of y) {
      if (o.family !== it.family || o.hi < lo || o.lo > it.hi) continue;
      if (o.lo > lo) out.push({ family: it.family, lo, hi: o.lo - 1n });
      if (o.hi >= it.hi) { done = true; break; }
      lo = o.hi + 1n;
    }
    if (!done && lo <= it.hi) out.push({ family: it.family, lo, hi: it.hi });
  }
  return out;
}

export function intersectIntervals(a: readonly AddrInterval[], b: readonly AddrInterval[]): AddrInterval[] {
  const out: AddrInterval[] = [];
  const y = normalizeIntervals(b);
  for (const it of normalizeIntervals(a))
    for (const o of y) {
      if (o.family !== it.family) continue;
      const lo = it.lo > o.lo ? it.lo : o.lo;
      const hi = it.hi < o.hi ? it.hi : o.hi;
      if (lo <= hi) out.push({ family: it.family, lo, hi });
    }
  return normalizeIntervals(out);
}

export const ANY4: Cidr = { family: 4, base: 0n, prefix: 0 };
export const ANY6: Cidr = { family: 6, base: 0n, prefix: 0 };
