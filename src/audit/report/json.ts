/**
 * The audit in the contract's JSON shape (shared/contract/OUTPUTS.md): `flows` with `from`, `to`,
 * `protocol`, `ports`, `status`, and `excess` with `rule` and `description`; more fields are
 * added, none renamed.
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { RuleRef } from '../acl.js';
import type { AuditReport } from '../audit.js';

const ref = (r: RuleRef) => ({ rule: r.label, line: r.line, ...(r.column ? { column: r.column } : {}) });

export function summary(r: AuditReport) {
  const count = (s: string) => r.verdicts.filter((v) => v.status === s).length;
  return {
    flows: r.verdicts.length,
    allowed: count('allowed'),
    partial: count('partial'),
    blocked: count('blocked'),
    notAudited: r.notAudited.length,
    excess: r.excess.length,
    shadowed: r.shadowed.length,
    unused: r.unused.length,
  };
}

export function auditToJson(r: AuditReport, diagnostics: readonly (Diagnostic & { line?: number; col?: number })[] = r.diagnostics): unknown {
  const breaksByFlow = new Map<string, AuditReport['breaks']>();
  for (const b of r.breaks) breaksByFlow.set(b.flow, [...(breaksByFlow.get(b.flow) ?? []), b]);
  return {
    deployment: r.deployment,
    version: r.version,
    phase: r.phase,
    failover: r.failover,
    scope: r.scope.kind,
    ...(r.scope.kind === 'host' ? { host: r.scope.host } : {}),
    ruleset: {
      file: r.ruleset.file,
      format: r.ruleset.format,
      rules: r.ruleset.rules,
      chains: r.ruleset.chains,
      families: r.ruleset.families.map((f) => `ipv${f}`),
      returnTraffic: r.ruleset.replies === 'implicit' ? 'implicit (stateful platform)' : 'by rules (connection tracking where the ruleset has it)',
    },
    summary: summary(r),
    flows: r.verdicts.map((v) => {
      const f = v.flow;
      const breaks = (breaksByFlow.get(f.id) ?? []).map((b) => b.text);
      return {
        from: f.from,
        to: f.to,
        protocol: f.protocol,
        ports: f.ports,
        status: v.status,
        fromZone: f.fromZone,
        toZone: f.toZone,
        direction: v.direction,
        ...(v.status === 'allowed' ? {} : { allowedPorts: v.allowedPorts }),
        ...(v.missing
          ? {
              missing: {
                ports: v.missing.ports,
                sources: v.missing.allSources ? 'all' : v.missing.sources,
                destinations: v.missing.allDestinations ? 'all' : v.missing.destinations,
                returnTraffic: v.missing.returnTraffic,
                ...(v.missing.parts.length > 1 ? { parts: v.missing.parts.map((p) => ({ ...ref(p.rule), reply: p.reply, sources: p.sources, destinations: p.destinations, ports: p.ports })) } : {}),
              },
            }
          : {}),
        ...(v.allowedBy.length ? { allowedBy: v.allowedBy.map(ref) } : {}),
        ...(v.blockedBy.length ? { blockedBy: v.blockedBy.map(ref) } : {}),
        ...(breaks.length ? { breaks } : {}),
        ...(v.notes.length ? { notes: v.notes } : {}),
      };
    }),
    notAudited: r.notAudited.map((n) => ({ from: n.flow.from, to: n.flow.to, protocol: n.flow.protocol, ports: n.flow.ports, reason: n.reason })),
    excess: r.excess.map((e) => ({
      rule: e.rule.label,
      description: e.description,
      kind: e.kind,
      severity: e.severity,
      file: e.rule.file,
      line: e.rule.line,
      ...(e.rule.column ? { column: e.rule.column } : {}),
      protocols: e.protocols,
      ports: e.ports,
      sources: e.sources,
      destinations: e.destinations,
      fromZones: e.fromZones,
      toZones: e.toZones,
      hosts: e.hosts,
    })),
    shadowed: r.shadowed.map((s) => ({ ...ref(s.rule), description: s.description, conflict: s.conflict, by: s.by.map((b) => b.label) })),
    unused: r.unused.map((u) => ({ ...ref(u.rule), description: u.description })),
    breaks: r.breaks.map((b) => ({ text: b.text, from: b.from, to: b.to, protocol: b.protocol, ports: b.ports, entry: b.entry, ...(b.feature ? { feature: b.feature } : {}) })),
    diagnostics: diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, ...(d.file ? { file: d.file } : {}), ...(d.line ? { line: d.line, column: d.col } : {}), ...(d.range ? { range: d.range } : {}), ...(d.hint ? { hint: d.hint } : {}) })),
  };
}

