import { describe, expect, it } from 'vitest';
import { planFor } from '../../../test/helpers.js';
import { findRenderer } from '../../render/registry.js';
import { renderPlan } from '../../render/render.js';
import { auditRuleset } from '../audit-ruleset.js';
import { at, auditFixture, ctxFor } from './_test-helpers.js';
import { parseAwsSecurityGroups } from './aws/parse.js';
import { parseAzureNsg } from './azure/parse.js';
import { parseCsv } from './csv/parse.js';
import { parseFirewalld } from './firewalld/parse.js';
import { detectFormat } from './registry.js';
import { parseUfwStatus } from './ufw/parse.js';

describe('format detection', () => {
  it.each([
    ['four-zone.zone-firewall.iptables-save', 'iptables'],
    ['four-zone.repo01.iptables-save', 'iptables'],
    ['four-zone.zone-firewall.nft', 'nftables'],
    ['four-zone.zone-firewall.nft.json', 'nftables-json'],
    ['iptables-nft.nft.json', 'nftables-json'],
    ['vbr01.windows.json', 'windows'],
    ['vbr01.netsh.txt', 'netsh'],
    ['repo01.ufw.txt', 'ufw'],
    ['proxy02.firewalld.txt', 'firewalld'],
    ['repo01.aws.json', 'aws'],
    ['recovery.azure.json', 'azure'],
    ['four-zone.zone-firewall.csv', 'csv'],
  ])('%s is %s', (file, id) => expect(detectFormat(auditFixture(file))?.id).toBe(id));

  it('says so when it cannot tell', () => expect(detectFormat('hello world\n')).toBeUndefined());
});

describe('ufw status verbose', () => {
  it('reads defaults, rules in order, IPv6 copies, comments and deny rules', () => {
    const r = parseUfwStatus(auditFixture('repo01.ufw.txt'), ctxFor('u.txt'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const input = r.value.chains.get('input')!;
    expect(input.base).toMatchObject({ policy: 'drop', policyRef: { line: 3 } });
    expect(input.rules.map((x) => `${x.ref.line} ${x.action} ${x.family}`)).toEqual(['8 accept 4', '9 accept 4', '10 accept 4', '11 accept 4', '12 accept 4', '13 drop 4', '14 accept 4', '15 accept 6']);
    expect(input.rules[3]!.ports).toEqual([{ dport: [[6160, 6160], [6162, 6162]] }]);
    expect(input.rules[4]!.name).toBe('Cloud Connect');
  });

  it('reports a line it cannot read at its position', () => {
    const t = 'Status: active\nDefault: deny (incoming), allow (outgoing), deny (routed)\n\nTo                         Action      From\n--                         ------      ----\n22/tcp                     PERMIT IN   Anywhere\n';
    const r = parseUfwStatus(t, ctxFor('u.txt'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [t.indexOf('22/tcp'), expect.any(Number)] });
  });
});

describe('firewall-cmd --list-all-zones', () => {
  it('sends sources to their zone first, the rest to the zone with the interface; deny rich rules before allows', () => {
    const r = parseFirewalld(auditFixture('proxy02.firewalld.txt'), ctxFor('f.txt'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const dispatch = r.value.chains.get('input')!.rules;
    expect(dispatch.map((x) => x.target)).toEqual(['zone:veeam', 'zone:public']);
    const pub = r.value.chains.get('zone:public')!.rules;
    expect(pub[0]).toMatchObject({ action: 'reject', ref: { line: 33 } });
    expect(pub.at(-1)).toMatchObject({ action: 'reject', ref: { label: 'target of zone public (line 17)' } });
  });

  it('reports a bad rich rule at its line', () => {
    const t = 'public (active)\n  target: default\n  services: ssh\n  ports: \n  rich rules: \n\trule family="ipv4" source ipset="x" accept\n';
    const r = parseFirewalld(t, ctxFor('f.txt'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [t.indexOf('rule family'), expect.any(Number)] });
  });
});

describe('AWS security groups', () => {
  it('reads allow rules per range, and reports rules that name another group', () => {
    const t = auditFixture('repo01.aws.json');
    const r = parseAwsSecurityGroups(t, ctxFor('sg.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.chains.get('input')!.rules).toHaveLength(3);
    expect(r.value.chains.get('input')!.rules[2]!.src).toEqual({ 4: [{ lo: 0n, hi: 0xffffffffn }], 6: [{ lo: 0n, hi: (1n << 128n) - 1n }] });
    expect(r.diagnostics).toMatchObject([{ code: 'AUDIT_UNRESOLVED_REFERENCE', range: [t.indexOf('{ "GroupId": "sg-0b2'), expect.any(Number)] }]);
  });

  it('reports bad ports at the rule', () => {
    const t = '{"SecurityGroups": [{"GroupId": "sg-1", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 9, "ToPort": 2, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}]}';
    const r = parseAwsSecurityGroups(t, ctxFor('sg.json'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [t.indexOf('{"IpProtocol"'), expect.any(Number)] });
  });
});

describe('Azure NSG', () => {
  it('orders rules by priority, adds the default rules when the export has none, reports service tags', () => {
    const r = parseAzureNsg(auditFixture('recovery.azure.json'), ctxFor('nsg.json'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const inbound = r.value.chains.get('nsg-zones#0/Inbound/input')!.rules;
    expect(inbound.map((x) => x.name)).toEqual(['Allow-CloudConnect', 'Deny-RDP-Internet', 'Allow-Veeam-Mgmt', 'Deny-Prod-To-Backup', 'AllowVnetInBound', 'AllowAzureLoadBalancerInBound', 'DenyAllInBound']);
    expect(inbound[4]!.ref).toMatchObject({ line: 0, label: 'default rule AllowVnetInBound (65000)' });
    expect(r.diagnostics.filter((d) => d.code === 'AUDIT_APPROXIMATION').length).toBeGreaterThan(0);
  });

  it('reads ARM resources (properties) and reports a bad direction at the rule', () => {
    const t = '{"name": "n", "properties": {"securityRules": [{"name": "r", "properties": {"priority": 100, "direction": "Sideways", "access": "Allow", "protocol": "Tcp"}}]}}';
    const r = parseAzureNsg(t, ctxFor('nsg.json'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [t.indexOf('{"name": "r"'), expect.any(Number)] });
  });
});

describe('CSV rule sheet', () => {
  it('reads a sheet with host names, lists and the implicit deny', () => {
    const r = parseCsv(auditFixture('four-zone.zone-firewall.csv'), ctxFor('s.csv'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const fwd = r.value.chains.get('forward')!;
    expect(fwd.rules).toHaveLength(10);
    expect(fwd.rules[0]).toMatchObject({ src: { 4: [{ lo: 0x0a0a000an, hi: 0x0a0a000an }] }, ports: [{ dport: [[2500, 3300], [6160, 6162]] }], name: 'data movers and installers' });
    expect(fwd.rules[6]!.protocol).toEqual({ names: ['tcp', 'udp'], negate: false });
    expect(fwd.base!.policyRef.label).toContain('implicit deny');
  });

  it("reads back vbrwall's own change-request sheet, which audits as allowed", () => {
    const plan = planFor('four-zone');
    const out = renderPlan(plan, findRenderer('csv')!, { scope: 'zone-firewall' });
    if (!out.ok) throw new Error('render');
    const a = auditRuleset(plan, String(out.result.files[0]!.content), { file: 'zone-firewall.csv', format: 'csv', scope: { kind: 'zone-firewall' } });
    if (!a.ok) throw new Error(JSON.stringify(a.diagnostics));
    expect(a.report.verdicts.filter((v) => v.status !== 'allowed')).toEqual([]);
    expect(a.report.excess).toEqual([]);
  });

  it('reports a bad cell at its position', () => {
    const t = 'source,destination,protocol,ports,action\n10.0.0.1,10.0.0.2,tcp,22,maybe\n';
    const r = parseCsv(t, ctxFor('s.csv'));
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: at(t, 'maybe') });
    const u = parseCsv('source,destination,protocol,ports,action\nnowhere,10.0.0.2,tcp,22,allow\n', ctxFor('s.csv'));
    expect(u.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [41, 48] });
  });
});
