/**
 * The findings as a table, JSON (the contract's shape, with fields added), Markdown and SARIF 2.1.0.
 * Output is deterministic: registry order in JSON and SARIF; status, then severity, in the table and
 * Markdown.
 * @module
 */
import type { Phase } from '../catalog/types.js';
import { plural, sourceText } from './_helpers.js';
import { CHECKS } from './registry.js';
import { CHECK_SEVERITIES, severityRank, type CheckStatus, type FieldPath, type Finding } from './types.js';

export const CHECK_FORMATS = ['table', 'json', 'md', 'sarif'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckReport {
  /** The deployment's name. */
  deployment: string;
  phase: Phase;
  findings: readonly Finding[];
  /** The deployment file as the user named it (SARIF artifact). */
  file?: string;
  /** Line and column (1-based) of a field of the deployment file, when the file is at hand. */
  locate?: (path: FieldPath) => { line: number; column: number; endLine: number; endColumn: number } | undefined;
}

const STATUS_LABEL: Record<CheckStatus, string> = { 'not-implemented': 'not implemented', 'unable-to-detect': 'unable to detect', passed: 'passed' };
const STATUS_ORDER: readonly CheckStatus[] = ['not-implemented', 'unable-to-detect', 'passed'];

export const fieldLabel = (p: FieldPath): string => p.join('.');

export function summarize(findings: readonly Finding[]): Record<CheckStatus | 'suppressed', number> {
  const n = { passed: 0, 'not-implemented': 0, 'unable-to-detect': 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed !== undefined) n.suppressed++;
    else n[f.status]++;
  }
  return n;
}

/** Unsuppressed findings by status, most severe first; then the suppressed ones. */
function grouped(findings: readonly Finding[]): { title: string; status?: CheckStatus; items: Finding[] }[] {
  const order = new Map(findings.map((f, i) => [f.id, i]));
  const sort = (xs: Finding[]) => xs.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || order.get(a.id)! - order.get(b.id)!);
  const groups: { title: string; status?: CheckStatus; items: Finding[] }[] = STATUS_ORDER.map((s) => ({
    title: STATUS_LABEL[s],
    status: s,
    items: sort(findings.filter((f) => f.status === s && f.suppressed === undefined)),
  }));
  groups.push({ title: 'suppressed', items: sort(findings.filter((f) => f.suppressed !== undefined)) });
  return groups.filter((g) => g.items.length);
}

function summaryLine(findings: readonly Finding[]): string {
  const n = summarize(findings);
  return `${plural(findings.length, 'check')}: ${n['not-implemented']} not implemented, ${n['unable-to-detect']} unable to detect, ${n.passed} passed${n.suppressed ? `, ${n.suppressed} suppressed` : ''}`;
}

export function formatChecksTable(r: CheckReport): string {
  const out = [`${r.deployment} · hardening checks · ${r.phase} phase`, summaryLine(r.findings), ''];
  const wId = Math.max(0, ...r.findings.map((f) => f.id.length));
  const wSev = Math.max(...CHECK_SEVERITIES.map((s) => s.length));
  const indent = ' '.repeat(2 + wSev + 2);
  for (const g of grouped(r.findings)) {
    out.push(g.title.toUpperCase());
    for (const f of g.items) {
      out.push(`  ${f.severity.padEnd(wSev)}  ${f.id.padEnd(wId)}  ${f.title}`);
      if (g.status === 'passed') continue;
      if (f.suppressed !== undefined) {
        out.push(`${indent}${STATUS_LABEL[f.status]}; suppressed: ${f.suppressed}`);
        continue;
      }
      for (const e of f.evidence) out.push(`${indent}- ${e}`);
      out.push(`${indent}fix: ${f.recommendation}`, `${indent}source: ${sourceText(f.source)}`);
    }
    out.push('');
  }
  out.push('Passed: as recommended, or the component is not in the file. Unable to detect: the file does not say; declare it under security:.');
  return out.join('\n') + '\n';
}

export function checksToJson(r: CheckReport): unknown {
  return {
    deployment: r.deployment,
    phase: r.phase,
    summary: summarize(r.findings),
    findings: r.findings.map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      status: f.status,
      evidence: f.evidence,
      source: f.source,
      recommendation: f.recommendation,
      seeAlso: f.seeAlso,
      ...(f.analyzer ? { analyzer: f.analyzer } : {}),
      fields: f.paths.map(fieldLabel),
      ...(f.suppressed !== undefined ? { suppressed: f.suppressed } : {}),
    })),
  };
}

export const formatChecksJson = (r: CheckReport): string => JSON.stringify(checksToJson(r), null, 2) + '\n';

const mdCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/([<>`*_[\]])/g, '\\$1');

export function formatChecksMarkdown(r: CheckReport): string {
  const out = [`# Hardening checks: ${mdCell(r.deployment)}`, '', `${r.phase} phase. ${summaryLine(r.findings)}.`, ''];
  for (const g of grouped(r.findings)) {
    out.push(`## ${g.title[0]!.toUpperCase()}${g.title.slice(1)}`, '', '| Severity | Check | Evidence | Recommendation | Source |', '|---|---|---|---|---|');
    for (const f of g.items) {
      const evidence = f.suppressed !== undefined ? [`${STATUS_LABEL[f.status]}; suppressed: ${f.suppressed}`] : f.evidence;
      out.push(`| ${f.severity} | **${mdCell(f.id)}**<br>${mdCell(f.title)} | ${evidence.map(mdCell).join('<br>')} | ${f.status === 'passed' ? '' : mdCell(f.recommendation)} | ${[f.source, ...f.seeAlso].map((s) => mdCell(sourceText(s))).join('<br>')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const SARIF_LEVEL = { low: 'note', medium: 'warning', high: 'error', critical: 'error' } as const;
/** GitHub code scanning reads `security-severity` (0-10) to rank security results. */
const SECURITY_SEVERITY = { low: '2.0', medium: '5.5', high: '8.0', critical: '9.5' } as const;
const SARIF_KIND: Record<CheckStatus, string> = { passed: 'pass', 'not-implemented': 'fail', 'unable-to-detect': 'review' };

export function checksToSarif(r: CheckReport): unknown {
  const file = r.file ?? 'deployment.yaml';
  const rules = r.findings.map((f) => {
    const c = CHECKS.find((x) => x.id === f.id);
    return {
      id: f.id,
      shortDescription: { text: f.title },
      fullDescription: { text: c?.recommendation ?? f.recommendation },
      help: { text: `${c?.recommendation ?? f.recommendation}\nSource: ${[f.source, ...f.seeAlso].map(sourceText).join('; ')}` },
      defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
      properties: { severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity], tags: ['security', 'veeam'], source: f.source },
    };
  });
  const results = r.findings.map((f, i) => {
    const regions = [...new Map(f.paths.map((p) => r.locate?.(p)).filter((x) => x !== undefined).map((x) => [`${x.line}:${x.column}`, x])).values()];
    const locations = (regions.length ? regions : [{ line: 1, column: 1, endLine: 1, endColumn: 1 }]).map((x) => ({
      physicalLocation: {
        artifactLocation: { uri: file },
        region: { startLine: x.line, startColumn: x.column, endLine: x.endLine, endColumn: x.endColumn },
      },
    }));
    return {
      ruleId: f.id,
      ruleIndex: i,
      kind: SARIF_KIND[f.status],
      level: f.status === 'not-implemented' ? SARIF_LEVEL[f.severity] : 'none',
      message: { text: `${f.title}: ${f.evidence.join('; ')}` },
      locations,
      ...(f.suppressed !== undefined ? { suppressions: [{ kind: 'external', justification: f.suppressed }] } : {}),
      properties: { status: f.status, severity: f.severity },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'vbrwall', semanticVersion: '0.1.0', rules } }, results, properties: { deployment: r.deployment, phase: r.phase } }],
  };
}

export const formatChecksSarif = (r: CheckReport): string => JSON.stringify(checksToSarif(r), null, 2) + '\n';

export function formatChecks(format: CheckFormat, r: CheckReport): string {
  switch (format) {
    case 'json':
      return formatChecksJson(r);
    case 'md':
      return formatChecksMarkdown(r);
    case 'sarif':
      return formatChecksSarif(r);
    case 'table':
      return formatChecksTable(r);
  }
}
