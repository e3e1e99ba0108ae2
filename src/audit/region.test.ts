import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxesMeet, intersectBoxes, meetingAny, subtractRegions, type Region } from './region.js';
import { intersectBox, subtractBoxes, type Box } from './space.js';

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
