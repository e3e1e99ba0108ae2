import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/helpers.js';
import { auditRuleset } from './audit-ruleset.js';
import { auditToJson } from './report/json.js';

const stringifyAudit = (json: unknown): string => JSON.stringify(json, null, 2) + '\n';
import { formatAuditMarkdown } from './report/md.js';
import { formatAuditSarif } from './report/sarif.js';
import { formatAuditTable } from './report/table.js';
import { auditFixture } from './parse/_test-helpers.js';
import type { AuditScope } from './scope.js';

const GOLDEN: { file: string; scope: AuditScope; formats: ('json' | 'txt' | 'md' | 'sarif')[] }[] = [
  { file: 'four-zone.zone-firewall.iptables-save', scope: { kind: 'zone-firewall' }, formats: ['json', 'txt', 'md', 'sarif'] },
  { file: 'four-zone.zone-firewall.nft', scope: { kind: 'zone-firewall' }, formats: ['json', 'txt'] },
  { file: 'four-zone.zone-firewall.nft.json', scope: { kind: 'zone-firewall' }, formats: ['txt'] },
  { file: 'four-zone.zone-firewall.csv', scope: { kind: 'zone-firewall' }, formats: ['txt'] },
  { file: 'recovery.azure.json', scope: { kind: 'zone-firewall' }, formats: ['txt'] },
  { file: 'four-zone.repo01.iptables-save', scope: { kind: 'host', host: 'repo01' }, formats: ['json', 'txt'] },
  { file: 'repo01.ufw.txt', scope: { kind: 'host', host: 'repo01' }, formats: ['txt'] },
  { file: 'repo01.aws.json', scope: { kind: 'host', host: 'repo01' }, formats: ['txt'] },
  { file: 'proxy02.firewalld.txt', scope: { kind: 'host', host: 'proxy02' }, formats: ['txt'] },
  { file: 'vbr01.windows.json', scope: { kind: 'host', host: 'vbr01' }, formats: ['json', 'txt'] },
  { file: 'vbr01.netsh.txt', scope: { kind: 'host', host: 'vbr01' }, formats: ['txt'] },
];

const run = (file: string, scope: AuditScope) => {
  const out = auditRuleset(planFor('four-zone'), auditFixture(file), { file: `test/fixtures/audit/${file}`, scope });
  if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
  return out;
};

describe('golden audit reports of the fixtures', () => {
  it.each(GOLDEN)('$file', async ({ file, scope, formats }) => {
    const out = run(file, scope);
    const r = out.report;
    for (const f of formats) {
      const text = f === 'json' ? stringifyAudit(auditToJson(r, out.diagnostics)) : f === 'md' ? formatAuditMarkdown(r) : f === 'sarif' ? formatAuditSarif(r) : formatAuditTable(r, { verbose: true });
      await expect(text).toMatchFileSnapshot(`__golden__/${file}.audit.${f}`);
    }
  });

  it('is deterministic', () => {
    const a = stringifyAudit(auditToJson(run(GOLDEN[0]!.file, GOLDEN[0]!.scope).report));
    const b = stringifyAudit(auditToJson(run(GOLDEN[0]!.file, GOLDEN[0]!.scope).report));
    expect(a).toBe(b);
  });
});

describe('the report', () => {
  const out = run('four-zone.zone-firewall.iptables-save', { kind: 'zone-firewall' });
  const r = out.report;

  it('follows the contract: flows with from, to, protocol, ports, status; excess with rule and description', () => {
    const json = JSON.parse(stringifyAudit(auditToJson(r))) as { flows: Record<string, unknown>[]; excess: Record<string, unknown>[] };
    for (const f of json.flows) {
      expect(f).toMatchObject({ from: expect.any(String), to: expect.any(String), protocol: expect.stringMatching(/^(tcp|udp)$/), ports: expect.any(Array), status: expect.stringMatching(/^(allowed|partial|blocked)$/) });
      for (const p of f.ports as [number, number][]) expect(p[0]).toBeLessThanOrEqual(p[1]);
    }
    for (const e of json.excess) expect(e).toMatchObject({ rule: expect.stringMatching(/^line \d+/), description: expect.any(String) });
  });

  it('names the deciding line of each flow that is not allowed, and what breaks in the words of the issue', () => {
    const guests = r.verdicts.find((v) => v.flow.id === 'vbr01>win-guests/tcp')!;
    expect(guests).toMatchObject({ status: 'partial', missing: { ports: [[6173, 6173]] }, blockedBy: [{ label: 'policy of FORWARD (line 4)' }] });
    expect(r.breaks.map((b) => b.text)).toContain('guest processing on win-guests falls back to crash-consistent backups: 6173 blocked from vbr01');
    const admins = r.verdicts.find((v) => v.flow.id === 'admins>repo02/tcp')!;
    expect(admins).toMatchObject({ status: 'partial', missing: { allSources: false, sources: ['10.10.0.192/26'] }, blockedBy: [{ label: 'line 37' }] });
  });

  it('warns that an interface match was taken as any interface, at its line', () => {
    expect(out.diagnostics).toMatchObject([{ code: 'AUDIT_INTERFACE_IGNORED', severity: 'warning', range: [expect.any(Number), expect.any(Number)] }]);
  });

  it('is valid SARIF 2.1.0: every result names a rule of the driver and a line', () => {
    const s = JSON.parse(formatAuditSarif(r)) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    expect(s.version).toBe('2.1.0');
    const run0 = s.runs[0]!;
    const ids = run0.tool.driver.rules.map((x) => x.id);
    expect(run0.results.length).toBe(r.verdicts.filter((v) => v.status !== 'allowed').length + r.excess.length + r.shadowed.length + r.unused.length);
    for (const res of run0.results) {
      expect(ids[res.ruleIndex]).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      for (const l of res.locations) expect(l.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });
});

describe('scope checks', () => {
  it('refuses a host-only format for the zone firewall, and a ruleset without the chain the scope needs', () => {
    const plan = planFor('four-zone');
    expect(auditRuleset(plan, auditFixture('proxy02.firewalld.txt'), { file: 'f', scope: { kind: 'zone-firewall' } })).toMatchObject({ ok: false, diagnostics: [{ code: 'AUDIT_SCOPE_UNSUPPORTED' }] });
    const noForward = '*filter\n:INPUT DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
    expect(auditRuleset(plan, noForward, { file: 'r', scope: { kind: 'zone-firewall' } })).toMatchObject({ ok: false, diagnostics: [{ code: 'AUDIT_NO_CHAIN' }] });
    const aws = auditRuleset(plan, auditFixture('repo01.aws.json'), { file: 'a', scope: { kind: 'zone-firewall' } });
    expect(aws.ok).toBe(false);
    expect(aws.diagnostics.map((d) => d.code)).toContain('AUDIT_SCOPE_UNSUPPORTED');
    const host = auditRuleset(plan, auditFixture('repo01.aws.json'), { file: 'a', scope: { kind: 'host', host: 'nobody' } });
    expect(host).toMatchObject({ ok: false, diagnostics: [{ code: 'AUDIT_UNKNOWN_HOST' }] });
    const unknown = auditRuleset(plan, 'hello\n', { file: 'x', scope: { kind: 'zone-firewall' } });
    expect(unknown).toMatchObject({ ok: false, diagnostics: [{ code: 'AUDIT_UNKNOWN_FORMAT' }] });
  });
});
