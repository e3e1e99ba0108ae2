import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import { Cover } from './cover.js';
import { Geometry, scopedFlows } from './scope.js';
import { addrOverlaps, addrNormalize, type AddrIv } from './space.js';

const plan = planFor('four-zone');
const geo = new Geometry(plan.deployment);
const cover = new Cover(geo, scopedFlows(plan, { kind: 'zone-firewall' }, ['forward']).flows);

// Addresses around the four zones (10.10-10.40/16) and the internet, as small sets of intervals.
const addr = fc.oneof(
  fc.record({ zone: fc.constantFrom(10, 20, 30, 40, 50), host: fc.integer({ min: 0, max: 300 }), bits: fc.integer({ min: 0, max: 24 }) }).map(({ zone, host, bits }) => {
    const base = (10n << 24n) | (BigInt(zone) << 16n) | BigInt(host);
    const lo = base & ~((1n << BigInt(bits)) - 1n);
    return { lo, hi: lo + (1n << BigInt(bits)) - 1n };
  }),
  fc.constant({ lo: 0n, hi: (1n << 32n) - 1n }),
);
const set = fc.array(addr, { minLength: 1, maxLength: 3 }).map((ivs: AddrIv[]) => addrNormalize(ivs));

describe('Cover.near', () => {
  it('finds exactly the cover boxes whose destination and source meet the sets, in order (pairs of groups or scans)', () => {
    fc.assert(
      fc.property(set, set, fc.constantFrom('tcp' as const, 'udp' as const), fc.boolean(), (dst, src, proto, withSrc) => {
        const all = cover.all(4, proto);
        const want = all.filter((c) => addrOverlaps(c.box.dst, dst) && (!withSrc || addrOverlaps(c.box.src, src)));
        // Twice: the second look-up of a group takes another path (an index built on demand).
        for (let i = 0; i < 2; i++) expect(cover.near(4, proto, dst, withSrc ? src : undefined)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
