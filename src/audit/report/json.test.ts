import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../../test/helpers.js';
import { auditRuleset } from '../audit-ruleset.js';
import { auditFixture } from '../parse/_test-helpers.js';
import type { AuditScope } from '../scope.js';
import { quote } from './_text.js';
import { auditToJson, writeAuditJson } from './json.js';

const CASES: { file: string; scope: AuditScope }[] = [
  { file: 'four-zone.zone-firewall.iptables-save', scope: { kind: 'zone-firewall' } },
  { file: 'four-zone.repo01.iptables-save', scope: { kind: 'host', host: 'repo01' } },
  { file: 'vbr01.windows.json', scope: { kind: 'host', host: 'vbr01' } },
];

describe('writeAuditJson (the CLI form of --format json)', () => {
  it.each(CASES)('$file: the same value as auditToJson, one line per list entry', ({ file, scope }) => {
    const out = auditRuleset(planFor('four-zone'), auditFixture(file), { file, scope });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const chunks: string[] = [];
    writeAuditJson(out.report, out.diagnostics, (s) => chunks.push(s));
    const text = chunks.join('');
    expect(JSON.parse(text)).toEqual(auditToJson(out.report, out.diagnostics));
    expect(text.endsWith('}\n')).toBe(true);
    const flowLines = text.split('\n').filter((l) => l.startsWith('    {"from":'));
    expect(flowLines.length).toBe(out.report.verdicts.length + out.report.notAudited.length);
    // Flows are written as text directly: byte for byte what JSON.stringify makes of them.
    const flows = (auditToJson(out.report, out.diagnostics) as { flows: unknown[] }).flows;
    flows.forEach((f, i) => expect(flowLines[i]!.trim().replace(/,$/, '')).toBe(JSON.stringify(f)));
    const breaks = (auditToJson(out.report, out.diagnostics) as { breaks: unknown[] }).breaks;
    const breakLines = text.split('\n').filter((l) => l.startsWith('    {"text":'));
    expect(breakLines.map((l) => l.trim().replace(/,$/, ''))).toEqual(breaks.map((b) => JSON.stringify(b)));
  });
});

describe('the breaks of each flow', () => {
  it.each(CASES)('$file: those with its flow id, whether the breaks come in the order of the flows or not', ({ file, scope }) => {
    const out = auditRuleset(planFor('four-zone'), auditFixture(file), { file, scope });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    for (const breaks of [out.report.breaks, [...out.report.breaks].reverse()]) {
      const r = { ...out.report, breaks };
      const flows = (auditToJson(r, out.diagnostics) as { flows: { breaks?: string[] }[] }).flows;
      const expected = r.verdicts.map((v) => breaks.filter((b) => b.flow === v.flow.id && b.from === v.flow.from && b.to === v.flow.to).map((b) => b.text));
      expect(flows.map((f) => f.breaks ?? [])).toEqual(expected);
    }
    expect(out.report.breaks.length).toBeGreaterThan(0);
  });

  it('keeps apart two flows whose ids are equal (host names with >)', () => {
    const out = auditRuleset(planFor('four-zone'), auditFixture('four-zone.zone-firewall.iptables-save'), { file: 'x', scope: { kind: 'zone-firewall' } });
    if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
    const v = out.report.verdicts.find((x) => x.status !== 'allowed')!;
    const a = { ...v, flow: { ...v.flow, id: 'a>b>c/tcp', from: 'a>b', to: 'c' } };
    const b = { ...v, flow: { ...v.flow, id: 'a>b>c/tcp', from: 'a', to: 'b>c' } };
    const brk = (f: typeof a.flow, text: string) => ({ flow: f.id, from: f.from, to: f.to, protocol: 'tcp', ports: [], entry: 'e', consequence: text, text });
    for (const breaks of [[brk(a.flow, 'A'), brk(b.flow, 'B')], [brk(b.flow, 'B'), brk(a.flow, 'A')]]) {
      const r = { ...out.report, verdicts: [a, b], breaks };
      const flows = (auditToJson(r, []) as { flows: { breaks?: string[] }[] }).flows;
      expect(flows.map((f) => f.breaks)).toEqual([['A'], ['B']]);
    }
  });
});

describe('quote (the JSON text of a name, label or sentence)', () => {
  it('is what JSON.stringify writes, for any text (quotes, backslashes, controls, lone surrogates, non-ASCII)', () => {
    const hostile = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', 'é', '→', 'a', ' ') }));
    fc.assert(fc.property(hostile, (s) => quote(s) === JSON.stringify(s)), { numRuns: 2000 });
  });
});
