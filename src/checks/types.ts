/**
 * Hardening checks: one module per check, judged from the deployment model, its declared
 * `security:` settings and the plan. Statuses are the Security & Compliance Analyzer's three.
 * @module
 */
import type { SourceRef } from '../catalog/types.js';
import type { Deployment } from '../model/types.js';
import type { Plan } from '../plan/types.js';

export const CHECK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

/**
 * - `passed`: the design follows the recommendation (or it does not apply: no such component);
 * - `not-implemented`: it does not;
 * - `unable-to-detect`: the file does not say (declare it under `security:`).
 */
export const CHECK_STATUSES = ['passed', 'not-implemented', 'unable-to-detect'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

/** A path into the deployment file, e.g. `['hosts', 'vbr01', 'roles']`. */
export type FieldPath = readonly (string | number)[];

export interface CheckResult {
  status: CheckStatus;
  /** Hosts, flows and fields the status rests on, one fact per line. */
  evidence: string[];
  /** What to do; the check's own recommendation when absent. */
  recommendation?: string;
  /** Fields of the deployment file the evidence is about (for positions in SARIF and the web UI). */
  paths?: FieldPath[];
}

export interface Check {
  /** Stable kebab-case id, used by `--ignore` and `ignore:`. */
  id: string;
  /** The recommended state, phrased as the analyzer phrases its parameters. */
  title: string;
  severity: CheckSeverity;
  /** The page and section of reference/veeam-v13/ the recommendation comes from. */
  source: SourceRef;
  /** Further sections that say the same or explain the setting. */
  seeAlso?: readonly SourceRef[];
  /** The Security & Compliance Analyzer parameter this check answers for the whole design, verbatim. */
  analyzer?: string;
  recommendation: string;
  run(deployment: Deployment, plan: Plan): CheckResult;
}

/** One check's answer for one deployment: what every output format shows. */
export interface Finding {
  id: string;
  title: string;
  severity: CheckSeverity;
  status: CheckStatus;
  evidence: string[];
  recommendation: string;
  source: SourceRef;
  seeAlso: SourceRef[];
  analyzer?: string;
  paths: FieldPath[];
  /** Why the check is suppressed (`ignore:` in the file or `--ignore`); suppressed findings never fail a run. */
  suppressed?: string;
}

export const severityRank = (s: CheckSeverity): number => CHECK_SEVERITIES.indexOf(s);
