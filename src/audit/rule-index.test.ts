import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AclBuilder } from './acl.js';
import { ChainIndex, IntervalIndex, PairSpace, PAIRS_MAX, PAIRS_MIN } from './rule-index.js';
import { SetIds } from './set-ids.js';
import { addrNormalize, addrOverlaps, portOverlaps, type AddrIv, type AddrSet } from './space.js';

/**
 * The indexes may return more rules than meet a query, never fewer: checked against a scan of
 * every rule, with hosts, subnets and whole ranges mixed (wide queries switch to the other
 * address index), with and without the caches.
 */
const MAX = 2 ** 32 - 1;
const ivArb: fc.Arbitrary<AddrIv> = fc.oneof(
  fc.integer({ min: 0, max: 255 }).map((n) => ({ lo: 0x0a000000n + BigInt(n), hi: 0x0a000000n + BigInt(n) })),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 8 })).map(([n, bits]) => {
    const lo = (0x0a000000 + n) & ~(2 ** bits - 1);
    return { lo: BigInt(lo >>> 0), hi: BigInt((lo >>> 0) + 2 ** bits - 1) };
  }),
  fc.tuple(fc.integer({ min: 0, max: MAX }), fc.integer({ min: 0, max: MAX })).map(([a, b]) => ({ lo: BigInt(Math.min(a, b)), hi: BigInt(Math.max(a, b)) })),
  fc.constant({ lo: 0n, hi: BigInt(MAX) }),
);
const setArb: fc.Arbitrary<AddrSet> = fc.array(ivArb, { minLength: 1, maxLength: 3 }).map((l) => addrNormalize(l));
const portsArb = fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })).map(([a, b]) => [[Math.min(a, b), Math.max(a, b)] as [number, number]]);

const ruleArb = fc.record({ src: fc.option(setArb, { nil: undefined }), dst: fc.option(setArb, { nil: undefined }), dport: fc.option(portsArb, { nil: undefined }) });

describe('ChainIndex', () => {
  it('finds every rule that meets a query (sorted, unique), whichever index answers', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 40 }), fc.array(fc.record({ src: setArb, dst: setArb, dport: portsArb }), { minLength: 1, maxLength: 6 }), (rules, queries) => {
        const b = new AclBuilder('test', 't');
        b.chain('c', 'c', {});
        rules.forEach((r, i) =>
          b.add('c', { ref: { file: 't', line: i + 1, label: `#${i}` }, text: '', family: 4, action: 'accept', ...(r.src ? { src: { 4: r.src } } : {}), ...(r.dst ? { dst: { 4: r.dst } } : {}), ...(r.dport ? { ports: [{ dport: r.dport }] } : {}) }),
        );
        const acl = b.build([4], ['forward'], 'rules');
        const chain = acl.chains.get('c')!;
        const index = new ChainIndex(chain, 4);
        const ids = new SetIds();
        for (const q of queries)
          for (const cached of [undefined, ids, ids]) {
            const got = index.candidates(q, cached);
            expect([...got].sort((x, y) => x - y)).toEqual([...new Set(got)]);
            const meets = chain.rules.filter((r) => (!r.src?.[4] || addrOverlaps(r.src[4], q.src)) && (!r.dst?.[4] || addrOverlaps(r.dst[4], q.dst)) && (!r.ports || portOverlaps(r.ports[0]!.dport!, q.dport))).map((r) => r.index);
            for (const i of meets) expect(got).toContain(i);
          }
      }),
      { numRuns: 300 },
    );
  });
});

describe('ChainIndex pair map', () => {
  // Chains of mostly one-source, one-destination rules (as written per host pair) answer by a map
  // of interval pairs: every rule that meets the query, and of the pair rules only those (the
  // map is exact, where the interval index gives a group's rules whole). Queries wide on one
  // side (more than PAIRS_MAX intervals, or pairs) take the other side's rules.
  const pairRuleArb = fc.record({ src: ivArb, dst: ivArb, dport: fc.option(portsArb, { nil: undefined }) });
  const queryArb = fc.record({ src: setArb, dst: setArb, dport: portsArb });
  it('finds every rule that meets a query, and no pair rule that does not', () => {
    fc.assert(
      fc.property(fc.array(pairRuleArb, { minLength: 32, maxLength: 100, size: 'max' }), fc.array(ruleArb, { maxLength: 8 }), fc.array(queryArb, { minLength: 1, maxLength: 6 }), (pairs, others, queries) => {
        const b = new AclBuilder('test', 't');
        b.chain('c', 'c', {});
        const specs = [...pairs.map((r) => ({ src: [r.src], dst: [r.dst], dport: r.dport })), ...others];
        // The others among the pair rules, in a fixed shuffle.
        specs.sort((x, y) => ((specs.indexOf(x) * 7919) % 61) - ((specs.indexOf(y) * 7919) % 61));
        specs.forEach((r, i) =>
          b.add('c', { ref: { file: 't', line: i + 1, label: `#${i}` }, text: '', family: 4, action: 'accept', ...(r.src ? { src: { 4: r.src } } : {}), ...(r.dst ? { dst: { 4: r.dst } } : {}), ...(r.dport ? { ports: [{ dport: r.dport }] } : {}) }),
        );
        const chain = b.build([4], ['forward'], 'rules').chains.get('c')!;
        const index = new ChainIndex(chain, 4);
        // As an engine makes them: the intervals of every chain in one space (here: this chain's
        // and, in another chain, each rule reversed with its source widened by one).
        const b2 = new AclBuilder('test', 't');
        b2.chain('c', 'c', {});
        b2.chain('other', 'other', {});
        specs.forEach((r, i) =>
          b2.add('c', { ref: { file: 't', line: i + 1, label: `#${i}` }, text: '', family: 4, action: 'accept', ...(r.src ? { src: { 4: r.src } } : {}), ...(r.dst ? { dst: { 4: r.dst } } : {}), ...(r.dport ? { ports: [{ dport: r.dport }] } : {}) }),
        );
        specs.forEach((r, i) => {
          if (r.src && r.dst) b2.add('other', { ref: { file: 't', line: 1000 + i, label: `o${i}` }, text: '', family: 4, action: 'accept', src: { 4: r.dst.map((iv) => ({ lo: iv.lo, hi: iv.hi + 1n })) }, dst: { 4: r.src } });
        });
        const all = b2.build([4], ['forward'], 'rules');
        const shared = new ChainIndex(all.chains.get('c')!, 4, undefined, undefined, new PairSpace(all.rules, 4));
        const ids = new SetIds();
        const meets = (r: (typeof chain.rules)[number], q: { src: AddrSet; dst: AddrSet }): boolean => (!r.src?.[4] || addrOverlaps(r.src[4], q.src)) && (!r.dst?.[4] || addrOverlaps(r.dst[4], q.dst));
        const pairRules = chain.rules.filter((r) => r.src?.[4]?.length === 1 && r.dst?.[4]?.length === 1);
        expect(pairRules.length).toBeGreaterThanOrEqual(PAIRS_MIN);
        /** Distinct intervals of the pair rules (either side: they share one set of ids) that meet a set. */
        const meetingIvs = (set: AddrSet): number =>
          new Set(pairRules.flatMap((r) => [r.src![4]![0]!, r.dst![4]![0]!]).filter((iv) => addrOverlaps([iv], set)).map((iv) => `${iv.lo}-${iv.hi}`)).size;
        for (const q of queries)
          for (const cached of [undefined, ids, ids]) {
            const got = index.candidates(q, cached);
            expect([...got].sort((x, y) => x - y)).toEqual([...new Set(got)]);
            const want = chain.rules.filter((r) => meets(r, q) && (!r.ports || portOverlaps(r.ports[0]!.dport!, q.dport))).map((r) => r.index);
            for (const i of want) expect(got).toContain(i);
            const inShared = shared.candidates(q, cached);
            expect([...inShared].sort((x, y) => x - y)).toEqual([...new Set(inShared)]);
            for (const i of want) expect(inShared).toContain(i);
            // The map answers queries that meet few pairs of intervals; it gives only pair rules that meet.
            if (q.src.length * q.dst.length <= PAIRS_MAX && meetingIvs(q.src) * meetingIvs(q.dst) <= PAIRS_MAX)
              for (const i of got) {
                const r = chain.rules[i]!;
                if (r.src?.[4]?.length === 1 && r.dst?.[4]?.length === 1) expect(meets(r, q)).toBe(true);
              }
          }
      }),
      { numRuns: 300 },
    );
  });
});

describe('ChainIndex pair map, wide on one side', () => {
  const host = (n: number): AddrSet => [{ lo: BigInt(n), hi: BigInt(n) }];
  const all: AddrSet = [{ lo: 0n, hi: BigInt(MAX) }];
  // 100 rules from one host to 100 others, and 40 between other hosts: a query from that host to
  // everywhere (or from everywhere to one of them) meets more than PAIRS_MAX intervals on the wide side.
  const b = new AclBuilder('test', 't');
  b.chain('c', 'c', {});
  const specs: [AddrSet, AddrSet][] = [];
  for (let i = 0; i < 100; i++) specs.push([host(0x0a000001), host(0x0a010000 + i)]);
  for (let i = 0; i < 40; i++) specs.push([host(0x0a020000 + i), host(0x0a010000 + (i % 3))]);
  specs.forEach(([src, dst], i) => b.add('c', { ref: { file: 't', line: i + 1, label: `#${i}` }, text: '', family: 4, action: 'accept', src: { 4: src }, dst: { 4: dst } }));
  const chain = b.build([4], ['forward'], 'rules').chains.get('c')!;
  it.each([
    ['one source to everywhere', host(0x0a000001), all],
    ['everywhere to one destination', all, host(0x0a010001)],
  ])('%s: every rule of the narrow side', (_, src, dst) => {
    const index = new ChainIndex(chain, 4);
    const want = chain.rules.filter((r) => addrOverlaps(r.src![4]!, src) && addrOverlaps(r.dst![4]!, dst)).map((r) => r.index);
    expect(want.length).toBeGreaterThan(2);
    const got = index.candidates({ src, dst, dport: [[0, 65535]] });
    for (const i of want) expect(got).toContain(i);
    expect([...got].sort((x, y) => x - y)).toEqual([...new Set(got)]);
  });
});

describe('IntervalIndex', () => {
  it('answers like a scan, for IPv4 (doubles) and IPv6 (bigints) bounds', () => {
    const big = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 20n) })).map(([lo, w]) => ({ lo, hi: lo + w }));
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.oneof(ivArb, big), { maxLength: 30 }), fc.array(fc.oneof(ivArb, big), { minLength: 1, maxLength: 5 }), (v4only, entries0, queries) => {
        const entries = (v4only ? entries0.filter((e) => e.hi <= BigInt(MAX)) : entries0).map((e, id) => ({ ...e, id }));
        const index = new IntervalIndex(entries);
        for (const q of queries) {
          const out: number[] = [];
          index.query(q.lo, q.hi, out);
          const want = entries.filter((e) => e.lo <= q.hi && e.hi >= q.lo).map((e) => e.id);
          expect([...new Set(out)].sort((a, b) => a - b)).toEqual(want.sort((a, b) => a - b));
          // With a limit: the whole answer when it fits, else it stops just past the limit.
          const limit = 3;
          const some: number[] = [];
          index.query(q.lo, q.hi, some, limit);
          if (out.length <= limit) expect(some).toEqual(out);
          else expect(some.length).toBe(limit + 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
