/**
 * Round trip: what vbrwall renders for a deployment, audited against the same deployment, allows
 * every flow and nothing more. The only flows not allowed are those to a DNS name (s3), which
 * these targets cannot match by address; the audit reports them as blocked. (The renderer says so
 * for the zone firewall; for a host it merges s3 into a rule with addressed hosts and drops it
 * without a diagnostic, which this audit is what notices.)
 */
import { describe, expect, it } from 'vitest';
import { auditRuleset } from '../src/audit/audit-ruleset.js';
import type { AuditScope } from '../src/audit/scope.js';
import { findRenderer } from '../src/render/registry.js';
import { renderPlan } from '../src/render/render.js';
import { hostsWithInbound, planFor } from './helpers.js';

const CASES: { fixture: string; target: string; scope: AuditScope }[] = [];
for (const fixture of ['four-zone', 'hyperv-agents', 'wide'])
  for (const target of ['nftables', 'iptables'] as const) {
    CASES.push({ fixture, target, scope: { kind: 'zone-firewall' } });
    for (const host of hostsWithInbound(fixture)) CASES.push({ fixture, target, scope: { kind: 'host', host } });
  }

describe('round trip: rendered rulesets audit as allowed, with no excess', () => {
  it.each(CASES)('$fixture, $target, $scope.kind $scope.host', ({ fixture, target, scope }) => {
    const plan = planFor(fixture);
    const out = renderPlan(plan, findRenderer(target)!, { scope: scope.kind === 'host' ? 'host' : 'zone-firewall', ...(scope.kind === 'host' ? { host: scope.host } : {}), outbound: true });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    for (const file of out.result.files) {
      const text = String(file.content);
      // The IPv6 file of iptables is told apart by its name or header (rules6, ip6tables).
      const audit = auditRuleset(plan, text, { file: file.path, scope });
      expect(audit.ok, JSON.stringify(audit.diagnostics)).toBe(true);
      if (!audit.ok) continue;
      const r = audit.report;
      for (const v of r.verdicts) {
        if (v.status === 'allowed') continue;
        // Only a flow to a DNS name may be missing.
        expect(plan.deployment.hosts.find((h) => h.name === v.flow.to)?.kind, `${v.flow.id} is ${v.status}`).toBe('fqdn');
        expect(v.status).toBe('blocked');
      }
      expect(r.excess).toEqual([]);
      expect(r.shadowed).toEqual([]);
      expect(r.unused).toEqual([]);
      expect(audit.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    }
  });

  it('the renderer refuses only the flows to the DNS name, and they audit as blocked', () => {
    const plan = planFor('four-zone');
    const out = renderPlan(plan, findRenderer('nftables')!, { scope: 'zone-firewall' });
    if (!out.ok) throw new Error('render failed');
    const audit = auditRuleset(plan, String(out.result.files[0]!.content), { file: 'zone-firewall.nft', scope: { kind: 'zone-firewall' } });
    if (!audit.ok) throw new Error('audit failed');
    const bad = audit.report.verdicts.filter((v) => v.status !== 'allowed');
    expect(bad.map((v) => v.flow.to)).toEqual(bad.map(() => 's3'));
    expect(bad.every((v) => v.status === 'blocked')).toBe(true);
  });
});
