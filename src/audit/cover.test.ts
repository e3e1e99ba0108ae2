import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import { Cover } from './cover.js';
import { Geometry, scopedFlows } from './scope.js';
import type { Flow } from '../plan/types.js';
import type { Acl, AclRule } from './acl.js';
import { addrEqual, addrOverlaps, addrNormalize, type AddrIv } from './space.js';

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

describe('Cover.near on made-up flows', () => {
  // Flows between a few hosts, many to some and few from others: pairs of groups of every size, so
  // that a pair is found by its map, by scanning the destination's group, or by scanning the source's.
  const hosts = plan.deployment.hosts.filter((h) => h.kind === 'host').map((h) => h.name);
  const flow = fc.record({ from: fc.nat(hosts.length - 1), to: fc.nat(hosts.length - 1), lo: fc.integer({ min: 1, max: 200 }) });
  const flows = fc.array(fc.oneof(flow, flow.map((f) => ({ ...f, to: 0 })), flow.map((f) => ({ ...f, from: 1 }))), { minLength: 40, maxLength: 300 });
  const hostSet = fc.nat(hosts.length - 1).map((i) => geo.need(hosts[i]!)[4]);

  it('finds exactly the boxes whose destination and source meet the sets, in order', () => {
    fc.assert(
      fc.property(flows, fc.array(fc.tuple(hostSet, hostSet), { minLength: 1, maxLength: 6 }), (fs, asks) => {
        const scoped = fs.map(({ from, to, lo }, i) => ({ flow: { id: `f${i}`, from: hosts[from]!, to: hosts[to]!, protocol: 'tcp', ports: [[lo, lo + 10]] } as unknown as Flow, direction: 'forward' as const, hook: 'forward' as const, replyHook: 'forward' as const }));
        const c = new Cover(geo, scoped);
        for (const [dst, src] of asks) {
          const want = c.all(4, 'tcp').filter((x) => addrOverlaps(x.box.dst, dst) && addrOverlaps(x.box.src, src));
          expect(c.near(4, 'tcp', dst, src)).toEqual(want);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('Cover.planned', () => {
  const boxes = cover.all(4, 'tcp');
  // A rule's alternative: the sets of one planned flow (or of two), and ports around theirs.
  const alt = fc.record({ a: fc.nat(boxes.length - 1), b: fc.nat(boxes.length - 1), other: fc.boolean(), lo: fc.integer({ min: 0, max: 65535 }), width: fc.integer({ min: 0, max: 20 }), wild: fc.constantFrom(undefined, 'src', 'dst', 'dport') });
  const match = fc.array(alt, { minLength: 1, maxLength: 3 }).map((xs) =>
    xs.map(({ a, b, other, lo, width, wild }) => {
      const x = boxes[a]!.box;
      const dport = lo % 3 === 0 ? x.dport : ([[lo, Math.min(65535, lo + width)]] as [number, number][]);
      return { src: wild === 'src' ? undefined : x.src, dst: wild === 'dst' ? undefined : other ? boxes[b]!.box.dst : x.dst, dport: wild === 'dport' ? undefined : dport };
    }),
  );
  // What it means, from the list of boxes: each alternative names a pair of sets that planned flows have, on their ports.
  const naive = (m: readonly { src?: readonly AddrIv[] | undefined; dst?: readonly AddrIv[] | undefined; dport?: readonly (readonly [number, number])[] | undefined }[]) =>
    m.every((mb) => {
      if (!mb.src || !mb.dst || !mb.dport) return false;
      const same = boxes.filter((c) => addrEqual(c.box.src, mb.src!) && addrEqual(c.box.dst, mb.dst!));
      return same.length > 0 && mb.dport.every(([lo, hi]) => { for (let p = lo; p <= hi; p++) if (!same.some((c) => c.box.dport.some(([a, b]) => a <= p && p <= b))) return false; return true; });
    });

  it('says whether every alternative is exactly the sets of planned flows with ports among theirs, asked once or twice', () => {
    let id = 0;
    const acl = { rules: { length: 100_000 } } as unknown as Acl;
    fc.assert(
      fc.property(match, (m) => {
        const r = { id: id++ } as AclRule;
        const want = naive(m);
        expect(cover.planned(acl, r, 4, 'tcp', m)).toBe(want);
        expect(cover.planned(acl, r, 4, 'tcp', m)).toBe(want);
      }),
      { numRuns: 500 },
    );
    expect(naive([boxes[0]!.box])).toBe(true);
  });

  it('exact: the boxes of each protocol with exactly these sets, asked in any order', () => {
    const both = [...cover.all(4, 'tcp'), ...cover.all(4, 'udp')];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(both.length - 1), fc.nat(both.length - 1), fc.constantFrom('tcp' as const, 'udp' as const)), { minLength: 1, maxLength: 8 }), (asks) => {
        for (const [a, b, proto] of asks) {
          const src = both[a]!.box.src;
          const dst = both[b]!.box.dst;
          const want = cover.all(4, proto).filter((c) => addrEqual(c.box.src, src) && addrEqual(c.box.dst, dst));
          expect(cover.exact(4, proto, src, dst) ?? []).toEqual(want);
          // A rule's sets are other objects of the same value (parsed from the ruleset).
          expect(cover.exact(4, proto, src.map((x) => ({ ...x })), dst.map((x) => ({ ...x }))) ?? []).toEqual(want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('remembers by rule and ruleset: another ruleset is asked afresh', () => {
    const x = boxes[0]!.box;
    const yes = [{ src: x.src, dst: x.dst, dport: x.dport }];
    const no = [{ src: x.src, dst: x.dst, dport: [[1, 1]] as [number, number][] }];
    const r = { id: 0 } as AclRule;
    const a = { rules: [r] } as unknown as Acl;
    const b = { rules: [r] } as unknown as Acl;
    expect(cover.planned(a, r, 4, 'tcp', yes)).toBe(true);
    expect(cover.planned(a, r, 4, 'udp', no)).toBe(false);
    expect(cover.planned(b, r, 4, 'tcp', no)).toBe(false);
  });
});
