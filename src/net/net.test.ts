import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrInterval, formatIp, intervalToCidrs, intervalToCidrsBig, mergeCidrs, normalizeIntervals, parseCidr, parseIp, subtractIntervals, type Cidr } from './ip.js';
import { formatPorts, intersectPorts, normalizePorts, parsePorts, portsContain, subtractPorts, unionPorts, type PortRange } from './ports.js';

const range = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([lo, n]) => [lo, lo + n] as PortRange);
const ranges = fc.array(range, { maxLength: 6 });
const members = (rs: readonly PortRange[]) => new Set(Array.from({ length: 260 }, (_, p) => p).filter((p) => portsContain(rs, p)));

describe('port maths (property)', () => {
  it('normalize, union, intersect and subtract agree with sets of ports', () => {
    fc.assert(
      fc.property(ranges, ranges, (a, b) => {
        const A = members(a);
        const B = members(b);
        expect(members(unionPorts(a, b))).toEqual(new Set([...A, ...B]));
        expect(members(intersectPorts(a, b))).toEqual(new Set([...A].filter((p) => B.has(p))));
        expect(members(subtractPorts(a, b))).toEqual(new Set([...A].filter((p) => !B.has(p))));
        const n = normalizePorts(a);
        for (let i = 1; i < n.length; i++) expect(n[i]![0]).toBeGreaterThan(n[i - 1]![1] + 1);
      }),
    );
  });

  it('format and parse round-trip', () => {
    fc.assert(fc.property(ranges, (a) => {
      const n = normalizePorts(a);
      if (!n.length) return;
      expect(parsePorts(formatPorts(n))).toEqual(n);
    }));
    expect(parsePorts('6162, 2500 to 3300')).toEqual([[2500, 3300], [6162, 6162]]);
    expect(parsePorts('70000')).toBeUndefined();
  });
});

const v4 = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 16, max: 32 })).map(([v, p]) => {
  const base = BigInt(v) & (((1n << 32n) - 1n) ^ ((1n << BigInt(32 - p)) - 1n));
  return { family: 4, base, prefix: p } as Cidr;
});

describe('address maths (property)', () => {
  it('merging prefixes covers exactly the same addresses with no more prefixes', () => {
    fc.assert(
      fc.property(fc.array(v4, { maxLength: 8 }), (cidrs) => {
        const merged = mergeCidrs(cidrs);
        const a = normalizeIntervals(cidrs.map(cidrInterval));
        const b = normalizeIntervals(merged.map(cidrInterval));
        expect(b).toEqual(a);
        expect(merged.length).toBeLessThanOrEqual(Math.max(cidrs.length, 0) * 32);
        // the result is minimal per interval: no two prefixes can be joined into one
        for (const iv of a) expect(intervalToCidrs(iv).length).toBeLessThanOrEqual(64);
      }),
    );
  });

  it('IPv4 intervals become the same prefixes in doubles as in bigints', () => {
    const ends = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 1, 0xfffffffe, 0xffffffff, 0x80000000, 0x7fffffff));
    fc.assert(
      fc.property(ends, ends, (a, b) => {
        const iv = { family: 4 as const, lo: BigInt(Math.min(a, b)), hi: BigInt(Math.max(a, b)) };
        expect(intervalToCidrs(iv)).toEqual(intervalToCidrsBig(iv));
      }),
    );
    expect(intervalToCidrs({ family: 4, lo: 0n, hi: 0xffffffffn })).toEqual([{ family: 4, base: 0n, prefix: 0 }]);
  });

  it('subtraction leaves no address of the subtrahend', () => {
    fc.assert(
      fc.property(fc.array(v4, { maxLength: 4 }), fc.array(v4, { maxLength: 4 }), (a, b) => {
        const r = subtractIntervals(a.map(cidrInterval), b.map(cidrInterval));
        for (const x of r) for (const y of b.map(cidrInterval)) expect(x.hi < y.lo || x.lo > y.hi).toBe(true);
      }),
    );
  });

  it('parses and formats IPv4 and IPv6', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => {
      expect(formatIp(4, parseIp(ip)!.value)).toBe(ip);
    }));
    fc.assert(fc.property(fc.ipV6(), (ip) => {
      const p = parseIp(ip);
      expect(p?.family).toBe(6);
      expect(parseIp(formatIp(6, p!.value))!.value).toBe(p!.value);
    }));
    expect(formatIp(6, parseIp('2001:db8:0:0:1:0:0:1')!.value)).toBe('2001:db8::1:0:0:1');
    expect(parseCidr('10.0.0.1/8')).toMatchObject({ ok: false, hint: 'did you mean 10.0.0.0/8?' });
    expect(parseIp('010.1.1.1')).toBeUndefined();
  });
});
