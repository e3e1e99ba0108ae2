import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addrComplement, addrIntersect, addrSubtract, addrUnion, boxesVolume, boxVolume, splitBox, subtractBoxes, type AddrIv, type Box } from './space.js';

const ivs = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })), { maxLength: 5 }).map((xs) => addrUnion(xs.map(([a, b]) => ({ lo: BigInt(Math.min(a, b)), hi: BigInt(Math.max(a, b)) }))));
const members = (s: readonly AddrIv[]) => new Set(Array.from({ length: 41 }, (_, i) => BigInt(i)).filter((a) => s.some((x) => a >= x.lo && a <= x.hi)));
const ports = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => [[Math.min(a, b), Math.max(a, b)] as const]);
const box: fc.Arbitrary<Box> = fc.record({ src: ivs.filter((s) => s.length > 0), dst: ivs.filter((s) => s.length > 0), dport: ports, sport: ports });

describe('address sets', () => {
  it('intersect, subtract and complement agree with sets of addresses', () => {
    fc.assert(
      fc.property(ivs, ivs, (a, b) => {
        const A = members(a);
        const B = members(b);
        expect(members(addrIntersect(a, b))).toEqual(new Set([...A].filter((x) => B.has(x))));
        expect(members(addrSubtract(a, b))).toEqual(new Set([...A].filter((x) => !B.has(x))));
        expect(members(addrComplement(a, 4)).size).toBe(41 - A.size);
      }),
    );
  });
});

describe('boxes', () => {
  it('a split is a partition: the hit and the rest add up to the box and do not overlap', () => {
    fc.assert(
      fc.property(box, box, (b, m) => {
        const hit: Box[] = [];
        const rest: Box[] = [];
        splitBox(b, m, hit, rest);
        expect(boxesVolume(hit) + boxesVolume(rest)).toBe(boxVolume(b));
        expect(boxesVolume(subtractBoxes([b], [m])!)).toBe(boxesVolume(rest));
      }),
    );
  });
});
