/**
 * From ruleset text to the audit: parse (the named or detected format), check that the ruleset can
 * protect the scope asked for, evaluate. What the CLI, the server and the web page call.
 * @module
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { auditAcl, type AuditOptions, type AuditReport } from './audit.js';
import type { Acl } from './acl.js';
import { parseRuleset } from './parse/registry.js';
import type { AuditScope } from './scope.js';

export interface AuditRulesetOptions extends Omit<AuditOptions, 'scope'> {
  /** The file name as the user gave it. */
  file: string;
  /** A format id or `auto`. */
  format?: string;
  lenient?: boolean;
  scope: AuditScope;
}

export type AuditOutcome = { ok: true; report: AuditReport; acl: Acl; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

export function auditRuleset(plan: Plan, text: string, opts: AuditRulesetOptions): AuditOutcome {
  const d = plan.deployment;
  const scope = opts.scope;
  if (scope.kind === 'host' && !d.hosts.some((h) => h.name === scope.host))
    return { ok: false, diagnostics: [{ code: 'AUDIT_UNKNOWN_HOST', severity: 'error', message: `no host '${scope.host}' in the deployment`, hint: `hosts: ${d.hosts.map((h) => h.name).join(', ')}` }] };
  const parsed = parseRuleset(text, { file: opts.file, lenient: opts.lenient ?? false, deployment: d, ...(scope.kind === 'host' ? { host: scope.host } : {}) }, opts.format ?? 'auto');
  if (!parsed.ok) return { ok: false, diagnostics: parsed.diagnostics };
  const diagnostics = [...parsed.diagnostics];
  const parser = parsed.parser!;
  if (!parser.scopes.includes(scope.kind))
    return { ok: false, diagnostics: [...diagnostics, { code: 'AUDIT_SCOPE_UNSUPPORTED', severity: 'error', message: `a ${parser.title} ruleset protects ${parser.scopes.includes('host') ? 'one host' : 'a network'}, not ${scope.kind === 'host' ? 'a host' : 'the path between zones'}`, file: opts.file, hint: parser.scopes.includes('host') ? 'give --host NAME' : 'give --scope zone-firewall' }] };
  const acl = parsed.value;
  const needed = scope.kind === 'zone-firewall' ? 'forward' : 'input';
  if (![...acl.chains.values()].some((c) => c.base?.hook === needed))
    return {
      ok: false,
      diagnostics: [...diagnostics, { code: 'AUDIT_NO_CHAIN', severity: 'error', message: `the ruleset has no ${needed} chain, so it filters no ${scope.kind === 'zone-firewall' ? 'traffic between zones' : 'traffic into the host'}`, file: opts.file, hint: scope.kind === 'zone-firewall' ? 'is it the ruleset of one host? give --host NAME' : 'is it a router\'s ruleset? give --scope zone-firewall' }],
    };
  const report = auditAcl(plan, acl, { ...opts, scope });
  return { ok: true, report, acl, diagnostics: [...diagnostics, ...report.diagnostics] };
}
