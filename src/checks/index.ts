/**
 * Hardening checks (`vbrwall check`, the HTML report): the registry, the runner and the formats.
 * @module
 */
export { CHECKS, CHECK_IDS, findCheck } from './registry.js';
export { runChecks, failingFindings, checkInputProblems } from './run.js';
export type { RunChecksOptions, Suppression, CheckProblem } from './run.js';
export { CHECK_FORMATS, formatChecks, formatChecksTable, formatChecksJson, formatChecksMarkdown, formatChecksSarif, checksToJson, checksToSarif, summarize } from './report.js';
export type { CheckFormat, CheckReport } from './report.js';
export { CHECK_SEVERITIES, CHECK_STATUSES, severityRank } from './types.js';
export type { Check, CheckResult, CheckSeverity, CheckStatus, Finding, FieldPath } from './types.js';
