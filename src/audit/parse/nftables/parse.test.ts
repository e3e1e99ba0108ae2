import { describe, expect, it } from 'vitest';
import { STATE } from '../../acl.js';
import { findRenderer } from '../../../render/registry.js';
import { renderPlan } from '../../../render/render.js';
import { planFor } from '../../../../test/helpers.js';
import { actions, at, auditFixture, ctxFor } from '../_test-helpers.js';
import { parseNftJson } from './json.js';
import { parseNftText } from './text.js';

const text = (t: string, lenient = false) => parseNftText(t, ctxFor('t.nft', { lenient }));

describe('nft list ruleset (text)', () => {
  it('reads the real export: named sets, a verdict map, jumps, anonymous sets, negation', () => {
    const r = text(auditFixture('four-zone.zone-firewall.nft'));
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const acl = r.value;
    expect(acl.families).toEqual([4, 6]);
    expect(acl.chains.get('inet fw/forward')!.base).toMatchObject({ hook: 'forward', policy: 'drop', priority: 0 });
    // The verdict map becomes one jump per element.
    expect(actions(acl, 'inet fw/forward').slice(0, 4)).toEqual(['accept', 'drop', 'jump inet fw/mgmt', 'jump inet fw/backup']);
    const fwd = acl.chains.get('inet fw/forward')!.rules;
    expect(fwd[0]!.states).toBe(STATE.established | STATE.related);
    expect(fwd[2]!.src![4]).toEqual([{ lo: 0x0a0a0000n, hi: 0x0a0a00ffn }]);
    expect(fwd[4]).toMatchObject({ protocol: { names: ['tcp', 'udp'] }, ports: [{ dport: [[6180, 6180]] }], name: 'Cloud Connect from tenants' });
    const mgmt = acl.chains.get('inet fw/mgmt')!.rules;
    expect(mgmt[0]!.ports).toEqual([{ dport: [[2500, 3300], [6160, 6162], [6170, 6170]] }]);
    expect(mgmt[8]!.dst![4]).toHaveLength(2);
  });

  it("reads vbrwall's own nft -f file (table, delete table, comments)", () => {
    const plan = planFor('four-zone');
    const out = renderPlan(plan, findRenderer('nftables')!, { scope: 'host', host: 'repo01', outbound: true });
    if (!out.ok) throw new Error('render');
    const r = text(String(out.result.files[0]!.content));
    expect(r.ok).toBe(true);
    if (r.ok) expect([...r.value.chains.keys()]).toEqual(['inet vbrwall/input', 'inet vbrwall/output']);
  });

  it('reads add rule commands, define, inline verdict maps and base chains on one hook by priority', () => {
    const r = text(
      [
        'define admins = { 10.10.0.128/25 }',
        'table ip a { chain in { type filter hook input priority 10; policy accept; } }',
        'table ip b { chain in { type filter hook input priority -5; policy drop; tcp dport vmap { 22 : accept, 23 : drop } } }',
        'add rule ip a in ip saddr $admins tcp dport 6162 drop',
      ].join('\n'),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(actions(r.value, 'ip b/in')).toEqual(['accept', 'drop']);
    expect(r.value.chains.get('ip a/in')!.rules[0]!.src![4]).toEqual([{ lo: 0x0a0a0080n, hi: 0x0a0a00ffn }]);
    expect(r.value.chains.get('ip b/in')!.base!.priority).toBe(-5);
  });

  it.each([
    ['an unknown expression', 'table inet t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n\t\tfrobnicate 1 accept\n\t}\n}\n', 'frobnicate'],
    ['an unknown set', 'table inet t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n\t\tip saddr @nope accept\n\t}\n}\n', 'ip saddr @nope'],
    ['a bad address', 'table inet t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n\t\tip saddr 10.0.0.999 accept\n\t}\n}\n', 'ip saddr 10.0.0.999'],
    ['include', 'include "x.nft"\n', 'include'],
  ])('reports %s at its position', (_, t, needle) => {
    const r = text(t);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [at(t, needle)[0], expect.any(Number)] });
    const l = text(t, true);
    if (needle !== 'include') expect(l.diagnostics[0]).toMatchObject({ code: 'AUDIT_SKIPPED_LINE', severity: 'warning' });
  });
});

describe('nft -j list ruleset (JSON)', () => {
  it('reads the real export the same way as the text', () => {
    const j = parseNftJson(auditFixture('four-zone.zone-firewall.nft.json'), ctxFor('t.json'));
    const t = text(auditFixture('four-zone.zone-firewall.nft'));
    if (!j.ok || !t.ok) throw new Error('parse');
    const strip = (acl: typeof j.value) => [...acl.chains.values()].map((c) => c.rules.map((r) => ({ a: r.action, t: r.target, s: r.src, d: r.dst, p: r.ports, st: r.states, pr: r.protocol })));
    expect(strip(j.value)).toEqual(strip(t.value));
    expect(j.value.rules[3]!.ref).toMatchObject({ line: 1, label: expect.stringMatching(/^line 1:\d+ \(inet fw forward, handle \d+\)$/) });
  });

  it('points at iptables-save for rules that iptables-nft made (xt expressions)', () => {
    const t = auditFixture('iptables-nft.nft.json');
    const r = parseNftJson(t, ctxFor('t.json'));
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: 'AUDIT_SYNTAX', range: [t.indexOf('{"xt": {"type": "match", "name": "conntrack"}}'), expect.any(Number)], hint: expect.stringContaining('iptables-save') });
  });

  it('reports bad JSON at its offset', () => {
    const r = parseNftJson('{"nftables": [ {"table": } ]}', ctxFor('t.json'));
    expect(r.diagnostics).toMatchObject([{ code: 'AUDIT_SYNTAX', range: [25, 26] }]);
  });
});
