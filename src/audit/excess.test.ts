import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import type { PlanOptions } from '../plan/types.js';
import { auditRuleset } from './audit-ruleset.js';
import type { ExcessKind } from './excess.js';
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
