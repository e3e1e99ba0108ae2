import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import { addrIntersectFast, boxesMeet, describeRegions, intersectBoxes, meetingAny, restrict, subtractRegions, type Region } from './region.js';
import { Geometry } from './scope.js';
import { addrIntersect, addrNormalize, intersectBox, subtractBoxes, type AddrIv, type Box } from './space.js';

const iv = (a: number, b: number) => ({ lo: BigInt(Math.min(a, b)), hi: BigInt(Math.max(a, b)) });
const region = fc
  .record({
    family: fc.constantFrom(4 as const, 6 as const),
    proto: fc.constantFrom('tcp' as const, 'udp' as const),
    src: fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })),
    dst: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })),
    port: fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 })),
  })
  .map(({ family, proto, src, dst, port }): Region => ({ family, proto, box: { src: [iv(...src)], dst: [iv(...dst)], dport: [[Math.min(...port), Math.max(...port)]], sport: [[0, 65535]] } }));

/** The definition: each region minus every box of its family and protocol, in order. */
const naive = (rs: Region[], minus: Region[]): Region[] =>
  rs.flatMap((r) => (subtractBoxes([r.box], minus.filter((x) => x.family === r.family && x.proto === r.proto).map((x) => x.box)) ?? [r.box]).map((box: Box) => ({ ...r, box })));

describe('subtractRegions', () => {
  it('gives the pieces of the definition, in its order, for few regions and for many (looked up by destination)', () => {
    fc.assert(
      fc.property(fc.array(region, { maxLength: 10 }), fc.array(region, { maxLength: 10 }), fc.array(region, { minLength: 65, maxLength: 90 }), fc.array(region, { minLength: 65, maxLength: 90 }), (few, fewer, many, more) => {
        expect(subtractRegions(few, fewer)).toEqual(naive(few, fewer));
        expect(subtractRegions(many, more)).toEqual(naive(many, more));
      }),
      { numRuns: 60 },
    );
  });
});

describe('meetingAny', () => {
  it('keeps the items that meet some region, in order, for few and for many (looked up by destination)', () => {
    fc.assert(
      fc.property(fc.array(region, { maxLength: 10 }), fc.array(region, { maxLength: 10 }), fc.array(region, { minLength: 65, maxLength: 90 }), fc.array(region, { minLength: 65, maxLength: 90 }), (few, fewer, many, more) => {
        const naive = (items: Region[], rs: Region[]) => items.filter((c) => rs.some((r) => boxesMeet(r.box, c.box)));
        expect(meetingAny(few, fewer)).toEqual(naive(few, fewer));
        expect(meetingAny(many, more)).toEqual(naive(many, more));
      }),
      { numRuns: 60 },
    );
  });
});

describe('intersectBoxes', () => {
  it('cuts each box by each box it meets, in order, for few and for many (looked up by destination)', () => {
    const naive = (as: Box[], bs: Box[]) => as.flatMap((a) => bs.flatMap((b) => intersectBox(a, b) ?? []));
    fc.assert(
      fc.property(fc.array(region, { maxLength: 10 }), fc.array(region, { maxLength: 10 }), fc.array(region, { minLength: 65, maxLength: 90 }), fc.array(region, { minLength: 65, maxLength: 90 }), (few, fewer, many, more) => {
        const boxes = (rs: Region[]) => rs.map((r) => ({ ...r.box, dst: r.family === 4 ? [...r.box.dst, { lo: 400n, hi: 410n }] : r.box.dst }));
        expect(intersectBoxes(boxes(few), boxes(fewer))).toEqual(naive(boxes(few), boxes(fewer)));
        expect(intersectBoxes(boxes(many), boxes(more))).toEqual(naive(boxes(many), boxes(more)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('describeRegions', () => {
  const geo = new Geometry(planFor('four-zone').deployment);
  // Hosts and subnets of the four zones (10.10-10.40/16) and beyond, one interval each.
  const block = fc.record({ zone: fc.constantFrom(10, 20, 30, 40, 50), host: fc.integer({ min: 0, max: 40 }), bits: fc.integer({ min: 0, max: 9 }) }).map(({ zone, host, bits }) => {
    const lo = ((10n << 24n) | (BigInt(zone) << 16n) | BigInt(host)) & ~((1n << BigInt(bits)) - 1n);
    return [{ lo, hi: lo + (1n << BigInt(bits)) - 1n }];
  });
  const one = fc.record({ proto: fc.constantFrom('tcp' as const, 'udp' as const), src: block, dst: block, lo: fc.integer({ min: 0, max: 9000 }), width: fc.integer({ min: 0, max: 70000 }), two: fc.boolean() }).map(
    ({ proto, src, dst, lo, width, two }): Region => {
      const hi = Math.min(65535, lo + width);
      const dport: [number, number][] = two && hi < 65000 ? [[lo, hi], [hi + 2, hi + 10]] : [[lo, hi]];
      return { family: 4, proto, box: { src, dst, dport, sport: [[0, 65535]] } };
    },
  );

  it('names the hosts of wide destinations as the geometry does, a fresh list each time', () => {
    const wide = fc.array(fc.record({ zone: fc.constantFrom(0, 10, 20, 30, 40, 50, 200), bits: fc.integer({ min: 8, max: 24 }) }), { minLength: 1, maxLength: 10 }).map((xs) =>
      addrNormalize(xs.map(({ zone, bits }) => { const lo = ((10n << 24n) | (BigInt(zone) << 16n)) & ~((1n << BigInt(bits)) - 1n); return { lo, hi: lo + (1n << BigInt(bits)) - 1n }; })),
    );
    fc.assert(
      fc.property(wide, (dst) => {
        const r: Region = { family: 4, proto: 'tcp', box: { src: [{ lo: 1n, hi: 1n }], dst, dport: [[443, 443]], sport: [[0, 65535]] } };
        const a = describeRegions(geo, [r]);
        expect(a.hosts).toEqual(geo.hostsIn(dst, 4));
        a.hosts.push('changed');
        expect(describeRegions(geo, [r]).hosts).toEqual(geo.hostsIn(dst, 4));
      }),
      { numRuns: 100 },
    );
  });

  it('describes the same packets the same way, one region or the same split in two', () => {
    fc.assert(
      fc.property(fc.array(one, { minLength: 1, maxLength: 3 }), (rs) => {
        // Each region twice: the same packets, through the unions of several boxes.
        expect(describeRegions(geo, rs)).toEqual(describeRegions(geo, rs.flatMap((r) => [r, r])));
        if (rs.length === 1) {
          const d = describeRegions(geo, rs);
          expect(d.protocols).toEqual([rs[0]!.proto]);
          expect(d.ports).toEqual(rs[0]!.box.dport);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('addrIntersectFast and restrict', () => {
  // Sets of a few intervals and of many (every Linux host), sharing some interval objects.
  const ivs = (min: number, max: number) => fc.array(fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 3 })), { minLength: min, maxLength: max }).map((xs) => addrNormalize(xs.map(([a, w]) => ({ lo: BigInt(a), hi: BigInt(a + w) }))));
  const pair = fc.tuple(ivs(0, 4), ivs(80, 200), fc.constantFrom('no', 'same', 'equal'), fc.nat()).map(([few, many, share, k]): [AddrIv[], AddrIv[]] => {
    // Sometimes the same interval object on both sides (an uncut interval is returned as it is), or an equal one.
    if (share !== 'no' && many.length) {
      const y = many[k % many.length]!;
      const x = share === 'same' ? y : { lo: y.lo, hi: y.hi };
      few = addrNormalize([...few.filter((y) => y.hi < x.lo - 1n || y.lo > x.hi + 1n)]);
      few = [...few.filter((y) => y.hi < x.lo), x, ...few.filter((y) => y.lo > x.hi)];
    }
    return [few, many];
  });

  it('gives the intervals of addrIntersect, the same objects, either way round', () => {
    fc.assert(
      fc.property(pair, ([few, many]) => {
        for (const [a, b] of [[few, many], [many, few]] as const) {
          const want = addrIntersect(a, b);
          const got = addrIntersectFast(a, b);
          expect(got).toEqual(want);
          // An interval of the inputs where addrIntersect gives one (the same one), a new one elsewhere.
          const input = new Set([...a, ...b]);
          got.forEach((x, i) => (input.has(want[i]!) ? expect(x).toBe(want[i]) : expect(input.has(x)).toBe(false)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('restrict cuts each region as intersectBox does', () => {
    fc.assert(
      fc.property(pair, fc.array(region, { maxLength: 10 }), ([, many], rs) => {
        const m = { dst: many, dport: [[3, 20]] as [number, number][] };
        const want = rs.filter((r) => r.family === 4).flatMap((r) => { const c = intersectBox(r.box, { src: r.box.src, dst: many, dport: m.dport, sport: r.box.sport }); return c ? [{ ...r, box: c }] : []; });
        expect(restrict(rs, m, 4)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});
