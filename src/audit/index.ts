/**
 * vbrwall/audit: existing rulesets parsed into one ordered-ACL form and audited against the plan.
 * @module
 * @example
 * ```ts
 * import { auditRuleset, formatAuditTable } from 'vbrwall/audit';
 * const out = auditRuleset(plan, text, { file: 'fw.rules', scope: { kind: 'zone-firewall' } });
 * if (out.ok) process.stdout.write(formatAuditTable(out.report));
 * ```
 */
export { auditRuleset } from './audit-ruleset.js';
export type { AuditRulesetOptions, AuditOutcome } from './audit-ruleset.js';
export { auditAcl, auditFailed } from './audit.js';
export type { AuditOptions, AuditReport } from './audit.js';
export type { Acl, AclChain, AclRule, Action, AddrSide, Hook, PortMatch, RuleRef } from './acl.js';
export type { AuditScope, Direction } from './scope.js';
export type { FlowStatus, FlowVerdict, Missing, MissingPart } from './evaluate.js';
export type { ExcessFinding, ExcessKind, FindingSeverity } from './excess.js';
export type { ShadowFinding, UnusedFinding } from './shadow.js';
export type { Break } from './breaks.js';
export { parsers, findParser, detectFormat, parseRuleset } from './parse/registry.js';
export type { RulesetParser, ParseContext } from './parse/types.js';
export { EXPORT_SCRIPTS, findExportScript } from './export-scripts.js';
export type { ExportScript } from './export-scripts.js';
export { auditToJson, writeAuditJson } from './report/json.js';
export { formatAuditTable } from './report/table.js';
export { formatAuditMarkdown } from './report/md.js';
export { formatAuditSarif } from './report/sarif.js';
