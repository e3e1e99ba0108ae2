import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import { STATE } from './acl.js';
import { auditRuleset } from './audit-ruleset.js';
import type { ConnState, Proto } from './engine.js';
import { Cover } from './cover.js';
import { Engine } from './engine.js';
import { evaluateFlows } from './evaluate.js';
import { Geometry, scopedFlows } from './scope.js';
import { decidingRefs, findShadowed } from './shadow.js';
import { boxOf, subtractBoxes, type Box } from './space.js';

const plan = planFor('four-zone');

// Small iptables FORWARD chains over a few hosts and subnets of the four zones, ports that overlap.
const addr = fc.constantFrom(undefined, '10.10.0.10/32', '10.10.0.0/24', '10.20.0.5/32', '10.30.0.0/24', '10.30.0.11/32', '10.0.0.0/8');
const port = fc.constantFrom(undefined, '22', '443', '6160:6162', '6162', '1:1024');
const rule = fc.record({ src: addr, dst: addr, proto: fc.constantFrom(undefined, 'tcp', 'udp'), port, action: fc.constantFrom('ACCEPT', 'DROP', 'REJECT', 'RETURN') }).map(({ src, dst, proto, port: p, action }) =>
  [src && `-s ${src}`, dst && `-d ${dst}`, proto && `-p ${proto}`, proto && p && `-m ${proto} --dport ${p}`, `-j ${action}`].filter(Boolean).join(' '),
);
const ruleset = fc.record({ stateful: fc.boolean(), rules: fc.array(rule, { minLength: 1, maxLength: 10 }) }).map(({ stateful, rules }) =>
  ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...(stateful ? ['-A FORWARD -m conntrack --ctstate NEW -j LOG'] : []), ...rules.map((r) => `-A FORWARD ${r}`), 'COMMIT', ''].join('\n'),
);

describe('findShadowed', () => {
  it('finds exactly the rules whose every packet an earlier deciding rule takes (against a scan of all earlier rules)', () => {
    fc.assert(
      fc.property(ruleset, (text) => {
        const out = auditRuleset(plan, text, { file: 't', format: 'iptables', scope: { kind: 'zone-firewall' } });
        if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
        const chain = out.acl.chains.get('ip:FORWARD')!;
        const stateful = chain.rules.some((x) => x.states !== undefined);
        const want: string[] = [];
        const match = (r: (typeof chain.rules)[number], family: 4 | 6, proto: Proto, state: ConnState) => {
          // What the engine compiles, without its memo or index (a rule matching no such packet: null).
          if (r.action === 'continue' || r.local || (r.family !== undefined && r.family !== family) || (r.states !== undefined && !(r.states & STATE[state]))) return null;
          if (r.protocol && (r.protocol.names.includes(proto) || r.protocol.names.includes('all')) === r.protocol.negate) return null;
          return (r.ports ?? [{}]).map((p) => boxOf({ src: r.src?.[family], dst: r.dst?.[family], dport: p.dport, sport: p.sport }, family));
        };
        for (const r of chain.rules) {
          if (r.index === 0 || r.action === 'continue' || r.local) continue;
          let any = false;
          let dead = true;
          for (const family of out.acl.families)
            for (const proto of ['tcp', 'udp'] as const)
              for (const state of stateful ? (['new', 'established'] as const) : (['new'] as const)) {
                const mine = match(r, family, proto, state);
                if (!mine) continue;
                any = true;
                const earlier: Box[] = chain.rules.slice(0, r.index).filter((e) => e.action !== 'jump' && e.action !== 'continue').flatMap((e) => match(e, family, proto, state) ?? []);
                if (subtractBoxes(mine, earlier)!.length) dead = false;
              }
          if (any && dead) want.push(r.ref.label);
        }
        expect(out.report.shadowed.map((s) => s.rule.label)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('findShadowed with the rules the evaluation saw decide', () => {
  it('finds the same dead rules as without them (those rules are reached)', () => {
    const geo = new Geometry(plan.deployment);
    let decided = 0;
    fc.assert(
      fc.property(ruleset, (text) => {
        const out = auditRuleset(plan, text, { file: 't', format: 'iptables', scope: { kind: 'zone-firewall' } });
        if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
        const acl = out.acl;
        const { flows } = scopedFlows(plan, { kind: 'zone-firewall' }, acl.hooks);
        const ctx = () => {
          const engine = new Engine(acl);
          return { plan, acl, engine, geo, scope: { kind: 'zone-firewall' as const }, flows, hook: 'forward' as const, cover: new Cover(geo, flows), diagnostics: [] };
        };
        const a = ctx();
        const live = decidingRefs(evaluateFlows(acl, a.engine, geo, flows).verdicts);
        decided += acl.rules.filter((r) => live.has(r.ref)).length;
        expect(findShadowed(a, live)).toEqual(findShadowed(ctx()));
      }),
      { numRuns: 200 },
    );
    // Not vacuous: rules of these rulesets decide flows of the plan.
    expect(decided).toBeGreaterThan(100);
  });
});
