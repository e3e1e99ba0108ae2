/**
 * Runs the checks: every check once, then the severity filter and the suppressions (`ignore:` in
 * the file and `--ignore`). Suppressed checks keep their status and say why they are suppressed.
 * @module
 */
import type { Role } from '../catalog/roles.js';
import type { Deployment } from '../model/types.js';
import { nearest } from '../model/suggest.js';
import type { Plan } from '../plan/types.js';
import { CHECKS, CHECK_IDS } from './registry.js';
import { severityRank, type Check, type CheckSeverity, type FieldPath, type Finding } from './types.js';

export interface Suppression {
  id: string;
  reason: string;
}

export interface RunChecksOptions {
  /** Show only checks of this severity or above (default: all). */
  minSeverity?: CheckSeverity;
  /** Suppressions besides the file's `ignore:` list (e.g. `--ignore`). */
  ignore?: readonly Suppression[];
  /** The checks to run (default: the registry). */
  checks?: readonly Check[];
}

/** Every check's finding, in registry order. The plan should be built for the deployment's phase. */
export function runChecks(deployment: Deployment, plan: Plan, opts: RunChecksOptions = {}): Finding[] {
  const min = severityRank(opts.minSeverity ?? 'low');
  const suppressed = new Map<string, string>();
  for (const s of deployment.ignore) suppressed.set(s.id, s.reason);
  for (const s of opts.ignore ?? []) if (!suppressed.has(s.id)) suppressed.set(s.id, s.reason);
  return (opts.checks ?? CHECKS)
    .filter((c) => severityRank(c.severity) >= min)
    .map((c) => {
      const r = c.run(deployment, plan);
      const reason = suppressed.get(c.id);
      return {
        id: c.id,
        title: c.title,
        severity: c.severity,
        status: r.status,
        evidence: r.evidence,
        recommendation: r.recommendation ?? c.recommendation,
        source: { ...c.source },
        seeAlso: (c.seeAlso ?? []).map((s) => ({ ...s })),
        ...(c.analyzer ? { analyzer: c.analyzer } : {}),
        paths: r.paths ?? [],
        ...(reason !== undefined ? { suppressed: reason } : {}),
      };
    });
}

/** Findings that fail a run: not implemented, not suppressed, at or above `failOn`. */
export const failingFindings = (findings: readonly Finding[], failOn: CheckSeverity): Finding[] =>
  findings.filter((f) => f.status === 'not-implemented' && f.suppressed === undefined && severityRank(f.severity) >= severityRank(failOn));

export interface CheckProblem {
  path: FieldPath;
  message: string;
  hint: string;
}

/** Hosts a configuration backup can go to: repositories, and the backup server's default backup repository. */
const CONFIG_BACKUP_TARGETS: readonly Role[] = ['backup-server', 'windows-repository', 'linux-repository', 'hardened-repository', 'smb-share', 'nfs-share', 'object-storage', 'cloud-gateway'];

/** Problems of the file that only the checks can see: unknown check ids in `ignore:`, an unknown configuration backup target. */
export function checkInputProblems(d: Deployment): CheckProblem[] {
  const out: CheckProblem[] = [];
  d.ignore.forEach((s, i) => {
    if (CHECK_IDS.includes(s.id)) return;
    const near = nearest(s.id, CHECK_IDS);
    out.push({ path: ['ignore', i, 'id'], message: `ignore: '${s.id}' is not a check id`, hint: `${near ? `did you mean '${near}'? ` : ''}\`vbrwall check --format json\` lists the ids` });
  });
  const repo = d.security['config-backup']?.repository;
  if (repo !== undefined) {
    const host = d.hosts.find((h) => h.name === repo);
    if (!host) {
      const near = nearest(repo, d.hosts.map((h) => h.name));
      out.push({ path: ['security', 'config-backup', 'repository'], message: `security.config-backup.repository: '${repo}' is not a host`, hint: `${near ? `did you mean '${near}'? ` : ''}name a host of hosts: that holds a backup repository` });
    } else if (!host.roles.some((r) => CONFIG_BACKUP_TARGETS.includes(r)))
      out.push({ path: ['security', 'config-backup', 'repository'], message: `security.config-backup.repository: '${repo}' holds no backup repository`, hint: `its roles are ${host.roles.join(', ')}; a configuration backup goes to a host with one of ${CONFIG_BACKUP_TARGETS.join(', ')}` });
  }
  return out;
}
