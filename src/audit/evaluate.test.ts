import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../model/types.js';
import type { PortRange } from '../net/ports.js';
import type { Flow } from '../plan/types.js';
import { AclBuilder, STATE, type Acl, type AclRule, type Action, type RuleRef } from './acl.js';
import { Engine, type ConnState, type Proto } from './engine.js';
import { evaluateFlows } from './evaluate.js';
import { Geometry, type ScopedFlow } from './scope.js';
import { type AddrIv, type Box } from './space.js';

/**
 * The evaluator works on whole header spaces; a brute force walks every packet of a tiny space
 * (8 addresses, ports 1-6, source ports 1-3) through the rules one by one. They must agree on
 * every packet, on the deciding rule, and on each flow's status and missing ports.
 */
const BASE = 0x0a000000n; // 10.0.0.0
const N = 8;
const PORTS = 6;
const EPH: PortRange = [1, 3];

const iv = (a: number, b: number): AddrIv => ({ lo: BASE + BigInt(Math.min(a, b)), hi: BASE + BigInt(Math.max(a, b)) });

interface RuleSpec {
  src?: [number, number] | 'none';
  dst?: [number, number];
  proto?: { name: Proto; negate: boolean };
  dport?: [number, number];
  sport?: [number, number];
  either?: [number, number];
  states?: number;
  action: Action;
  target?: number;
}

const pair = (max: number, min = 0) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);

const ruleArb = (chains: number, self: number): fc.Arbitrary<RuleSpec> =>
  fc.record(
    {
      src: fc.oneof(pair(N - 1), fc.constant('none' as const)),
      dst: pair(N - 1),
      proto: fc.record({ name: fc.constantFrom<Proto>('tcp', 'udp'), negate: fc.boolean() }),
      dport: pair(PORTS, 1),
      sport: pair(3, 1),
      either: pair(PORTS, 1),
      states: fc.constantFrom(STATE.new, STATE.established, STATE.new | STATE.established, STATE.invalid),
      action: fc.constantFrom<Action>('accept', 'drop', 'reject', 'return', 'continue', ...(self + 1 < chains ? (['jump', 'goto'] as const) : [])),
      target: fc.integer({ min: self + 1, max: Math.max(self + 1, chains - 1) }),
    },
    { requiredKeys: ['action', 'target'] },
  );

interface AclSpec {
  chains: RuleSpec[][];
  policy: 'accept' | 'drop';
  second?: { rules: RuleSpec[]; policy: 'accept' | 'drop' };
  replies: 'rules' | 'implicit';
}

const aclArb: fc.Arbitrary<AclSpec> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record(
    {
      chains: fc.tuple(...Array.from({ length: n }, (_, i) => fc.array(ruleArb(n, i), { maxLength: 6 }))),
      policy: fc.constantFrom<'accept' | 'drop'>('accept', 'drop'),
      second: fc.record({ rules: fc.array(ruleArb(1, 0), { maxLength: 3 }), policy: fc.constantFrom<'accept' | 'drop'>('accept', 'drop') }),
      replies: fc.constantFrom<'rules' | 'implicit'>('rules', 'implicit'),
    },
    { requiredKeys: ['chains', 'policy', 'replies'] },
  ),
);

function buildAcl(spec: AclSpec): Acl {
  const b = new AclBuilder('test', 't');
  const name = (i: number) => (i === 0 ? 'fwd' : `u${i}`);
  const ref = (c: number, i: number) => ({ file: 't', line: c * 100 + i + 1, label: `${name(c)}#${i}` });
  spec.chains.forEach((_, c) => b.chain(name(c), name(c), c === 0 ? { base: { hook: 'forward', priority: 0, policy: spec.policy, policyRef: { file: 't', line: 1000, label: 'policy' } } } : {}));
  const add = (chain: string, c: number, i: number, r: RuleSpec) =>
    b.add(chain, {
      ref: ref(c, i),
      text: JSON.stringify(r),
      action: r.action,
      ...(r.target !== undefined && (r.action === 'jump' || r.action === 'goto') ? { target: name(r.target) } : {}),
      ...(r.src === 'none' ? { src: { 4: [] } } : r.src ? { src: { 4: [iv(...r.src)] } } : {}),
      ...(r.dst ? { dst: { 4: [iv(...r.dst)] } } : {}),
      ...(r.proto ? { protocol: { names: [r.proto.name], negate: r.proto.negate } } : {}),
      ...(r.either ? { ports: [{ dport: [r.either] }, { sport: [r.either] }] } : r.dport || r.sport ? { ports: [{ ...(r.dport ? { dport: [r.dport] } : {}), ...(r.sport ? { sport: [r.sport] } : {}) }] } : {}),
      ...(r.states !== undefined ? { states: r.states } : {}),
    });
  spec.chains.forEach((rules, c) => rules.forEach((r, i) => add(name(c), c, i, r)));
  if (spec.second) {
    b.chain('late', 'late', { base: { hook: 'forward', priority: 10, policy: spec.second.policy, policyRef: { file: 't', line: 2000, label: 'late policy' } } });
    spec.second.rules.forEach((r, i) => add('late', 9, i, { ...r, action: r.action === 'jump' || r.action === 'goto' ? 'accept' : r.action }));
  }
  return b.build([4], ['forward'], spec.replies);
}

// ---- the brute force ---------------------------------------------------------------------

interface Pkt {
  src: bigint;
  dst: bigint;
  proto: Proto;
  dport: number;
  sport: number;
  state: ConnState;
}

const inSet = (set: readonly AddrIv[] | undefined, a: bigint) => !set || set.some((x) => a >= x.lo && a <= x.hi);
const inPorts = (set: readonly (readonly [number, number])[] | undefined, p: number) => !set || set.some(([a, b]) => p >= a && p <= b);

function matches(r: AclRule, p: Pkt): boolean {
  if (r.action === 'continue' || r.local) return false;
  if (r.states !== undefined && !(r.states & STATE[p.state])) return false;
  if (r.protocol && (r.protocol.names.includes(p.proto) === r.protocol.negate)) return false;
  if (!inSet(r.src?.[4], p.src) || !inSet(r.dst?.[4], p.dst)) return false;
  if (r.ports && !r.ports.some((x) => inPorts(x.dport, p.dport) && inPorts(x.sport, p.sport))) return false;
  return true;
}

type Outcome = { v: 'accept' | 'drop' | 'return'; rule?: AclRule };

function walk(acl: Acl, chain: string, p: Pkt): Outcome {
  const c = acl.chains.get(chain)!;
  for (const r of c.rules) {
    if (!matches(r, p)) continue;
    if (r.action === 'accept') return { v: 'accept', rule: r };
    if (r.action === 'drop' || r.action === 'reject') return { v: 'drop', rule: r };
    if (r.action === 'return') return { v: 'return' };
    const sub = walk(acl, r.target!, p);
    if (r.action === 'jump' && sub.v === 'return') continue;
    return sub;
  }
  return { v: 'return' };
}

/** Every base chain of the hook in order: a drop anywhere ends it, the last accept decides. */
function brute(acl: Acl, p: Pkt): Outcome & { chain?: string } {
  let last: Outcome & { chain?: string } = { v: 'accept' };
  const bases = [...acl.chains.values()].filter((c) => c.base).sort((a, b) => a.base!.priority - b.base!.priority);
  for (const c of bases) {
    const o = walk(acl, c.name, p);
    const v = o.v === 'return' ? { v: c.base!.policy, chain: c.name } : { ...o, chain: c.name };
    if (v.v === 'drop') return v;
    last = v;
  }
  return last;
}

const packets = (b: Box, proto: Proto, state: ConnState): Pkt[] => {
  const out: Pkt[] = [];
  for (const s of b.src) for (let a = s.lo; a <= s.hi; a++)
    for (const d of b.dst) for (let c = d.lo; c <= d.hi; c++)
      for (const [p0, p1] of b.dport) for (let dp = p0; dp <= p1; dp++)
        for (const [s0, s1] of b.sport) for (let sp = s0; sp <= s1; sp++) out.push({ src: a, dst: c, proto, dport: dp, sport: sp, state });
  return out;
};

const within = (b: Box, p: Pkt) => inSet(b.src, p.src) && inSet(b.dst, p.dst) && inPorts(b.dport, p.dport) && inPorts(b.sport, p.sport);

const boxArb = fc.record({ src: pair(N - 1), dst: pair(N - 1), dport: pair(PORTS, 1), proto: fc.constantFrom<Proto>('tcp', 'udp'), state: fc.constantFrom<ConnState>('new', 'established') });

describe('the engine agrees with a brute force, packet by packet', () => {
  it('on random rulesets (chains, jumps, gotos, returns, states, negation, two base chains)', () => {
    fc.assert(
      fc.property(aclArb, boxArb, (spec, q) => {
        const acl = buildAcl(spec);
        const engine = new Engine(acl);
        const box: Box = { src: [iv(...q.src)], dst: [iv(...q.dst)], dport: [q.dport], sport: [EPH] };
        const pieces = engine.run('forward', { family: 4, protocol: q.proto, state: q.state }, [box])!;
        for (const p of packets(box, q.proto, q.state)) {
          const hit = pieces.filter((x) => within(x.box, p));
          expect(hit.length).toBe(1);
          const want = brute(acl, p);
          expect(hit[0]!.accept).toBe(want.v === 'accept');
          if (want.rule) expect(hit[0]!.rule?.id).toBe(want.rule.id);
          else expect(hit[0]!.rule).toBeUndefined();
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the whole-box fast path gives the one piece the brute force says, or steps aside', () => {
    let taken = 0;
    let aside = 0;
    // Jumps (and every other rule) that match on protocol and state only take whole boxes into
    // the chains below and past them, where the fast path must step aside for a rule that takes
    // part of one, and where a goto's chain falling through ends its caller.
    const wide = (r: RuleSpec): RuleSpec => ({ action: r.action, target: r.target, ...(r.states !== undefined ? { states: r.states } : {}), ...(r.proto ? { proto: r.proto } : {}) });
    const wideJumps = (spec: AclSpec): AclSpec => ({
      ...spec,
      chains: spec.chains.map((rules) => rules.map((r, i) => (r.action === 'jump' || r.action === 'goto' || i % 2 ? wide(r) : r))),
    });
    fc.assert(
      fc.property(fc.oneof(aclArb, aclArb.map(wideJumps)), boxArb, (spec, q) => {
        const acl = buildAcl(spec);
        const box: Box = { src: [iv(...q.src)], dst: [iv(...q.dst)], dport: [q.dport], sport: [EPH] };
        const query = { family: 4 as const, protocol: q.proto, state: q.state };
        const whole = new Engine(acl).runWhole('forward', query, box);
        if (!whole) {
          aside++;
          return;
        }
        taken++;
        expect(whole.box).toBe(box);
        // Every packet is decided by the one piece's rule, as the brute force says.
        for (const p of packets(box, q.proto, q.state)) {
          const want = brute(acl, p);
          expect(whole.accept).toBe(want.v === 'accept');
          expect(whole.rule?.id).toBe(want.rule?.id);
        }
        // The piece names the chain its rule is in (the base chain for its policy).
        expect(whole.chain?.name).toBe(whole.rule ? whole.rule.chain : 'fwd');
      }),
      { numRuns: 400 },
    );
    // Both branches were exercised.
    expect(taken).toBeGreaterThan(30);
    expect(aside).toBeGreaterThan(30);
  });

  it('the fast path follows jump, goto, return and continue, and run splits what it steps aside from', () => {
    const box: Box = { src: [iv(1, 1)], dst: [iv(2, 2)], dport: [[80, 80]], sport: [EPH] };
    const q = { family: 4 as const, protocol: 'tcp' as const, state: 'new' as const };
    const decide = (first: RuleSpec, sub: RuleSpec[] = []) => {
      const acl = buildAcl({ chains: [[first, { action: 'accept', target: 0 }], sub], policy: 'drop', replies: 'implicit' });
      return new Engine(acl).runWhole('forward', q, box)!.rule?.ref.label ?? 'policy';
    };
    // A chain that decides nothing: jump comes back, goto ends the calling chain (here: its policy).
    expect(decide({ action: 'jump', target: 1 })).toBe('fwd#1');
    expect(decide({ action: 'goto', target: 1 })).toBe('policy');
    expect(decide({ action: 'jump', target: 1 }, [{ action: 'return', target: 0 }, { action: 'drop', target: 0 }])).toBe('fwd#1');
    expect(decide({ action: 'jump', target: 1 }, [{ action: 'drop', target: 0 }])).toBe('u1#0');
    expect(decide({ action: 'return', target: 0 })).toBe('policy');
    expect(decide({ action: 'continue', target: 0 })).toBe('fwd#1');
    // A rule below a jump that takes part of the box: the fast path steps aside.
    const acl = buildAcl({ chains: [[{ action: 'jump', target: 1 }], [{ action: 'drop', target: 0, dport: [1, 80] }, { action: 'accept', target: 0 }]], policy: 'drop', replies: 'implicit' });
    const wide: Box = { ...box, dport: [[79, 81]] };
    expect(new Engine(acl).runWhole('forward', q, wide)).toBeUndefined();
    expect(new Engine(acl).runWhole('forward', q, box)?.rule?.ref.label).toBe('u1#0');
    const pieces = new Engine(acl).run('forward', q, [wide])!.map((p) => [p.rule?.ref.label, p.box.dport]);
    expect(pieces).toEqual([
      ['u1#0', [[79, 80]]],
      ['u1#1', [[81, 81]]],
    ]);
  });
});

// ---- flows -------------------------------------------------------------------------------

/** Aligned prefixes of the tiny space, as a deployment's hosts are. */
const prefixArb = fc.integer({ min: 0, max: 3 }).chain((bits) => fc.integer({ min: 0, max: N / 2 ** bits - 1 }).map((k) => ({ base: BASE + BigInt(k * 2 ** bits), prefix: 32 - bits })));

function deployment(a: { base: bigint; prefix: number }, b: { base: bigint; prefix: number }): Deployment {
  const host = (name: string, c: { base: bigint; prefix: number }) => ({ name, kind: 'group' as const, zone: 'z', addresses: [{ family: 4 as const, ...c }], roles: [], transport: [], appliance: false });
  return {
    name: 't', version: '13.0', phase: 'operate', zones: [{ name: 'z', cidrs: [{ family: 4, base: BASE, prefix: 29 }], internet: false }],
    hosts: [host('a', a), host('b', b)], features: {} as Deployment['features'], overrides: { vpowerNfsExtraPorts: 0 }, security: {} as Deployment['security'], ignore: [],
  };
}

describe('flow verdicts agree with a brute force', () => {
  it('status and missing ports, with and without return traffic by the rules', () => {
    fc.assert(
      fc.property(aclArb, prefixArb, prefixArb, pair(PORTS, 1), fc.constantFrom<Proto>('tcp', 'udp'), (spec, a, b, ports, proto) => {
        const acl = buildAcl(spec);
        const d = deployment(a, b);
        const flow: Flow = { id: 'a>b', from: 'a', to: 'b', fromZone: 'z', toZone: 'z', protocol: proto, ports: [ports], failover: [], deployOnly: [], purposes: [], sources: [], reasons: [] };
        const sf: ScopedFlow = { flow, direction: 'forward', hook: 'forward', replyHook: 'forward' };
        const { verdicts } = evaluateFlows(acl, new Engine(acl), new Geometry(d), [sf], { ephemeral: EPH });
        const v = verdicts[0]!;
        const src = [{ lo: a.base, hi: a.base + 2n ** BigInt(32 - a.prefix) - 1n }];
        const dst = [{ lo: b.base, hi: b.base + 2n ** BigInt(32 - b.prefix) - 1n }];
        const all = packets({ src, dst, dport: [ports], sport: [EPH] }, proto, 'new');
        const ok = all.map((p) => {
          if (brute(acl, p).v !== 'accept') return false;
          if (acl.replies === 'implicit') return true;
          return brute(acl, { src: p.dst, dst: p.src, proto, dport: p.sport, sport: p.dport, state: 'established' }).v === 'accept';
        });
        const status = ok.every(Boolean) ? 'allowed' : ok.some(Boolean) ? 'partial' : 'blocked';
        expect(v.status).toBe(status);
        const missing = new Set(all.filter((_, i) => !ok[i]).map((p) => p.dport));
        const got = new Set((v.missing?.ports ?? []).flatMap(([x, y]) => Array.from({ length: y - x + 1 }, (_, i) => x + i)));
        expect([...got].sort()).toEqual([...missing].sort());
        expect(v.missing?.returnTraffic ?? false).toBe(all.some((p, i) => !ok[i] && brute(acl, p).v === 'accept'));
        // The rules (or policies) that block: those that drop a missing packet or its reply, each once, in line order.
        const blockers = new Set<RuleRef>();
        all.forEach((p, i) => {
          if (ok[i]) return;
          const fwd = brute(acl, p);
          const o = fwd.v === 'drop' ? fwd : brute(acl, { src: p.dst, dst: p.src, proto, dport: p.sport, sport: p.dport, state: 'established' });
          blockers.add(o.rule ? o.rule.ref : acl.chains.get(o.chain!)!.base!.policyRef);
        });
        expect(new Set(v.blockedBy)).toEqual(blockers);
        expect(v.blockedBy.length).toBe(blockers.size);
        expect(v.blockedBy.map((r) => r.line)).toEqual([...v.blockedBy].map((r) => r.line).sort((x, y) => x - y));
      }),
      { numRuns: 400 },
    );
  });
});
