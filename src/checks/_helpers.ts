/**
 * Shared pieces of the checks: source references, host selections, flow labels, and the shape
 * of a check that reads one declared setting.
 * @module
 */
import type { Role } from '../catalog/roles.js';
import type { SourceRef } from '../catalog/types.js';
import type { Deployment, Host } from '../model/types.js';
import type { SecuritySettings } from '../model/security-schema.js';
import { formatPorts } from '../net/ports.js';
import type { Flow } from '../plan/types.js';
import type { CheckResult, CheckStatus, FieldPath } from './types.js';

export const SECURING = 'securing_backup_infrastructure.md';
export const ANALYZER = 'best_practices_analyzer.md';

export const ref = (page: string, section: string): SourceRef => ({ page, section });

export const sourceText = (s: SourceRef): string => `${s.page} § ${s.section}`;

/** The analyzer's parameter list (the Windows list holds every product parameter the checks answer). */
export const ANALYZER_PARAMETERS = ref(ANALYZER, 'Parameters for Veeam Backup & Replication on Microsoft Windows');

export const hostsWith = (d: Deployment, ...roles: Role[]): Host[] => d.hosts.filter((h) => h.roles.some((r) => roles.includes(r)));

export const internetZones = (d: Deployment): Set<string> => new Set(d.zones.filter((z) => z.internet).map((z) => z.name));

export const hostPath = (h: Host | string): FieldPath => ['hosts', typeof h === 'string' ? h : h.name];

export const securityPath = (...keys: string[]): FieldPath => ['security', ...keys];

/** `vbr01 → s3 tcp 443` */
export const flowLabel = (f: Pick<Flow, 'from' | 'to' | 'protocol' | 'ports'>): string => `${f.from} → ${f.to} ${f.protocol} ${formatPorts(f.ports)}`;

export const list = (xs: readonly string[]): string => xs.join(', ');

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

type FlagKey = { [K in keyof SecuritySettings]-?: NonNullable<SecuritySettings[K]> extends boolean ? K : never }[keyof SecuritySettings];

/**
 * A check that one declared boolean answers: `want` passes, the opposite is not implemented,
 * absent is unable to detect.
 */
export function declaredFlag(d: Deployment, key: FlagKey, want = true): CheckResult {
  const v = d.security[key];
  const path = securityPath(key);
  if (v === undefined) return { status: 'unable-to-detect', evidence: [`security.${key} is not declared`] };
  const status: CheckStatus = v === want ? 'passed' : 'not-implemented';
  return { status, evidence: [`security.${key}: ${String(v)}`], paths: [path] };
}
