import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import type { PlanOptions } from '../plan/types.js';
import { auditRuleset } from './audit-ruleset.js';
import { mergeByDestination, mergeByValue, type ExcessKind } from './excess.js';
import { addrNormalize, subtractBoxes, type AddrSet, type Box } from './space.js';
import type { PortSet } from '../net/ports.js';
import type { AuditScope } from './scope.js';

/** An iptables FORWARD chain for the four-zone example: established first, then the rules. */
const forward = (...rules: string[]) =>
  ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', ...rules.map((r) => `-A FORWARD ${r}`), 'COMMIT', ''].join('\n');

function audit(text: string, scope: AuditScope = { kind: 'zone-firewall' }, opts: PlanOptions = {}, format = 'auto') {
  const out = auditRuleset(planFor('four-zone', opts), text, { file: 't', format, scope });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out.report;
}

const kinds = (text: string, scope?: AuditScope, opts?: PlanOptions) => audit(text, scope, opts).excess.map((e) => `${e.rule.label} ${e.kind}`);

describe('excess, one kind at a time (line 6 is the rule under test)', () => {
  it.each<[ExcessKind, string]>([
    ['any-any', '-s 10.10.0.0/24 -d 10.30.0.0/24 -j ACCEPT'],
    ['internet-exposure', '-d 10.10.0.10/32 -p tcp -m tcp --dport 3389 -j ACCEPT'],
    ['any-source-veeam-port', '-p tcp -m tcp --dport 6162 -j ACCEPT'],
    ['ssh-hardened-repository', '-s 10.10.0.10/32 -d 10.30.0.21/32 -p tcp -m tcp --dport 22 -j ACCEPT'],
    ['windows-port-on-linux', '-s 10.10.0.10/32 -d 10.30.0.21/32 -p tcp -m tcp --dport 445 -j ACCEPT'],
    ['other-version-port', '-s 10.10.0.128/25 -d 10.40.0.5/32 -p tcp -m tcp --dport 9392 -j ACCEPT'],
    ['wide-subnet', '-s 10.10.0.10/32 -d 10.30.0.0/24 -p tcp -m tcp --dport 6160 -j ACCEPT'],
    ['beyond-plan', '-s 10.20.0.0/16 -d 10.30.0.31/32 -p tcp -m tcp --dport 8080 -j ACCEPT'],
  ])('%s', (kind, rule) => {
    expect(kinds(forward(rule))).toContain(`line 6 ${kind}`);
  });

  it('policy-accept: a forward policy of accept lets through what no rule handles', () => {
    const text = forward().replace(':FORWARD DROP', ':FORWARD ACCEPT');
    expect(audit(text).excess).toMatchObject([{ kind: 'policy-accept', rule: { label: 'policy of FORWARD (line 3)' } }, ...Array(audit(text).excess.length - 1).fill(expect.anything())]);
  });

  it('unscoped-program: a Windows rule bound to a program, not to ports', () => {
    const t = JSON.stringify({ Rules: [{ DisplayName: 'Veeam Transport', Enabled: 'True', Direction: 'Inbound', Action: 'Allow', Protocol: 'TCP', LocalPort: 'Any', RemoteAddress: '10.30.0.0/24', Program: 'C:\\Veeam\\VeeamTransportSvc.exe' }] }, null, 1);
    const r = audit(t, { kind: 'host', host: 'vbr01' });
    expect(r.excess.map((e) => e.kind)).toContain('unscoped-program');
    expect(r.verdicts.find((v) => v.flow.from === 'proxy01')!.allowedPorts).toEqual([[6162, 6162]]);
  });

  it('no internet exposure for Cloud Connect 6180 on a cloud gateway', () => {
    expect(kinds(forward('-d 10.40.0.5/32 -p tcp -m tcp --dport 6180 -j ACCEPT', '-d 10.40.0.5/32 -p udp -m udp --dport 6180 -j ACCEPT'))).toEqual([]);
  });

  it('SSH to a hardened repository is needed in the deploy phase, not excess', () => {
    expect(kinds(forward('-s 10.10.0.10/32 -d 10.30.0.21/32 -p tcp -m tcp --dport 22 -j ACCEPT'), undefined, { phase: 'deploy' })).not.toContain('line 6 ssh-hardened-repository');
  });

  it('an earlier drop takes the excess of a later accept away', () => {
    expect(kinds(forward('-d 10.10.0.10/32 -p tcp -m tcp --dport 3389 -j DROP', '-d 10.10.0.10/32 -p tcp -m tcp --dport 3389 -j ACCEPT'))).toEqual([]);
  });

  it('host scope: a host firewall open to any source', () => {
    const text = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-A INPUT -p tcp -m tcp --dport 6162 -j ACCEPT', 'COMMIT', ''].join('\n');
    expect(kinds(text, { kind: 'host', host: 'repo01' })).toEqual(['line 6 internet-exposure', 'line 6 any-source-veeam-port']);
  });
});

describe('dead rules', () => {
  it('a rule covered by an earlier one is redundant; one that the earlier rule decides the other way is a conflict', () => {
    const r = audit(forward('-s 10.10.0.10/32 -d 10.30.0.0/24 -p tcp -m multiport --dports 6160,6162 -j ACCEPT', '-s 10.10.0.10/32 -d 10.30.0.11/32 -p tcp -m tcp --dport 6162 -j ACCEPT', '-s 10.10.0.10/32 -d 10.30.0.12/32 -p tcp -m tcp --dport 6160 -j DROP'));
    expect(r.shadowed).toMatchObject([
      { rule: { label: 'line 7' }, conflict: false, by: [{ label: 'line 6' }] },
      { rule: { label: 'line 8' }, conflict: true, by: [{ label: 'line 6' }] },
    ]);
  });

  it('an accept rule that matches no flow of the plan is unused', () => {
    const r = audit(forward('-s 10.20.0.0/16 -d 10.30.0.31/32 -p tcp -m tcp --dport 8080 -j ACCEPT', '-s 10.10.0.10/32 -d 10.20.0.5/32 -p tcp -m tcp --dport 443 -j ACCEPT'));
    expect(r.unused).toMatchObject([{ rule: { label: 'line 6' } }]);
  });
});

describe('return traffic', () => {
  it('counts only where the ruleset lets it through', () => {
    const rule = '-s 10.10.0.10/32 -d 10.20.0.5/32 -p tcp -m tcp --dport 443 -j ACCEPT';
    const without = forward(rule).replace('-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n', '');
    const v = audit(without).verdicts.find((x) => x.flow.id === 'vbr01>vcsa01/tcp')!;
    expect(v).toMatchObject({ status: 'blocked', missing: { returnTraffic: true } });
    const stateless = audit(forward(rule)).verdicts.find((x) => x.flow.id === 'vbr01>vcsa01/tcp')!;
    expect(stateless.status).toBe('allowed');
    // A reverse rule for the replies works as well as connection tracking.
    const reverse = audit(without.replace('COMMIT', '-A FORWARD -s 10.20.0.5/32 -d 10.10.0.10/32 -p tcp -m tcp --sport 443 -j ACCEPT\nCOMMIT')).verdicts.find((x) => x.flow.id === 'vbr01>vcsa01/tcp')!;
    expect(reverse.status).toBe('allowed');
  });
});

describe('mergeByDestination', () => {
  // Flows of a few hosts on a few services: the same source and port set objects come back, as they
  // do in a cover (hosts share their sets, flows of a service their ports).
  const srcs: AddrSet[] = [[{ lo: 0n, hi: 3n }], [{ lo: 10n, hi: 10n }], [{ lo: 2n, hi: 12n }]];
  const ports: PortSet[] = [[[5, 9]], [[0, 3], [8, 20]], [[7, 7]]];
  const any: PortSet = [[0, 65535]];
  const box = fc.record({ s: fc.nat(2), p: fc.nat(2), lo: fc.nat(40), w: fc.nat(6), sport: fc.boolean() }).map(({ s, p, lo, w, sport }): Box => ({ src: srcs[s]!, dst: [{ lo: BigInt(lo), hi: BigInt(lo + w) }], dport: ports[p]!, sport: sport ? any : [[0, 65535]] }));
  // Packets as points: a box is within a list when no piece of it is left once the list is subtracted.
  const within = (as: Box[], bs: Box[]) => subtractBoxes(as, bs)!.length === 0;

  it('is the same space as the boxes, one box per source and port set (in the order of their first box)', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 30 }), fc.array(box, { minLength: 1, maxLength: 4 }), (bs, rule) => {
        const merged = mergeByDestination(bs);
        expect(within(merged, bs) && within(bs, merged)).toBe(true);
        // What a rule's boxes keep once the flows are cut from them: the same packets either way.
        const a = subtractBoxes(rule, bs)!;
        const b = subtractBoxes(rule, merged)!;
        expect(within(a, b) && within(b, a)).toBe(true);
        // One box per group of the same source, ports and source ports, in order of first appearance.
        const keys = (xs: Box[]) => xs.map((x) => `${srcs.indexOf(x.src)}/${ports.indexOf(x.dport)}`);
        const firsts = [...new Set(keys(bs))];
        const shared = bs.every((x) => x.sport === bs.find((y) => y.src === x.src && y.dport === x.dport)!.sport);
        if (shared) expect(keys(merged)).toEqual(firsts);
        for (const m of merged) expect(m.dst).toEqual(addrNormalize(m.dst));
        // Pieces cut by rules: equal sets in other objects, grouped by value (one box per source, ports and source ports).
        const copies = bs.map((x) => ({ src: x.src.map((iv) => ({ ...iv })), dst: x.dst, dport: x.dport.map(([a, z]) => [a, z] as [number, number]), sport: [[0, 65535]] as PortSet }));
        const byValue = mergeByValue(copies);
        expect(within(byValue, copies) && within(copies, byValue)).toBe(true);
        expect(byValue.length).toBe(new Set(keys(bs)).size);
      }),
      { numRuns: 300 },
    );
  });
});
