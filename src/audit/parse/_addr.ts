/**
 * Address text as the formats write it: prefixes, bare addresses, ranges (`a-b`), netmasks
 * (`10.0.0.0/255.255.255.0`, as Windows prints them).
 * @module
 */
import { familyBits, parseIp, type Family } from '../../net/ip.js';
import { addrComplement, addrNormalize, type AddrIv } from '../space.js';
import type { AddrSide } from '../acl.js';

export interface ParsedAddr {
  family: Family;
  iv: AddrIv;
  /** Host bits were set in a prefix (`10.0.0.5/24`); the prefix was widened to its network. */
  hostBits?: boolean;
}

export function parseAddr(text: string): ParsedAddr | undefined {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash > 0) {
    const a = parseIp(t.slice(0, dash));
    const b = parseIp(t.slice(dash + 1));
    if (!a || !b || a.family !== b.family || b.value < a.value) return undefined;
    return { family: a.family, iv: { lo: a.value, hi: b.value } };
  }
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!ip) return undefined;
  const bits = familyBits(ip.family);
  let prefix = bits;
  if (slash >= 0) {
    const len = t.slice(slash + 1);
    if (/^\d{1,3}$/.test(len)) prefix = Number(len);
    else {
      const mask = parseIp(len);
      if (!mask || mask.family !== ip.family) return undefined;
      const p = maskPrefix(mask.value, bits);
      if (p === undefined) return undefined;
      prefix = p;
    }
    if (prefix > bits) return undefined;
  }
  const size = 1n << BigInt(bits - prefix);
  const lo = ip.value & ~(size - 1n);
  return { family: ip.family, iv: { lo, hi: lo + size - 1n }, ...(lo !== ip.value ? { hostBits: true } : {}) };
}

function maskPrefix(mask: bigint, bits: number): number | undefined {
  let p = 0;
  for (let i = bits - 1; i >= 0; i--) {
    if ((mask >> BigInt(i)) & 1n) p++;
    else break;
  }
  const expect = p === 0 ? 0n : ((1n << BigInt(p)) - 1n) << BigInt(bits - p);
  return expect === mask ? p : undefined;
}

/** A side from parsed addresses: families not named get an empty set (they match nothing). */
export function sideOf(items: readonly ParsedAddr[], negate = false): AddrSide {
  const v4 = addrNormalize(items.filter((a) => a.family === 4).map((a) => a.iv));
  const v6 = addrNormalize(items.filter((a) => a.family === 6).map((a) => a.iv));
  if (!negate) return { 4: v4, 6: v6 };
  return { 4: addrComplement(v4, 4), 6: addrComplement(v6, 6) };
}

/** The union of sides: a family any side leaves open (any address) stays open. */
export function sideUnion(sides: readonly AddrSide[]): AddrSide {
  const out: AddrSide = {};
  for (const f of [4, 6] as const) {
    if (sides.some((s) => s[f] === undefined)) continue;
    out[f] = addrNormalize(sides.flatMap((s) => s[f]!));
  }
  return out;
}
