/**
 * The audit as a terminal report: what is not allowed and by which line, what breaks, what is open
 * beyond need, and the dead rules. Allowed flows are counted (listed with `verbose`).
 * @module
 */
import { formatPorts } from '../../net/ports.js';
import type { AuditReport } from '../audit.js';
import { chunksOf } from './_bytes.js';
import { flowPorts, headline, missingText, PortWords, plural, repliesText, scopeText } from './_text.js';

export interface TableOptions {
  verbose?: boolean;
}

const pad = (rows: string[][]): string[] => {
  // A loop, not Math.max(...column): a column of 100,000 cells is too many arguments for one call.
  const widths = rows[0]!.map(() => 0);
  for (const r of rows) for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, (r[i] ?? '').length);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
};

export function formatAuditTable(r: AuditReport, opts: TableOptions = {}): string {
  return tableLines(r, opts).join('\n') + '\n';
}

/** formatAuditTable as chunks of UTF-8 (what the CLI writes: 100,000 flows are never one string). */
export const auditTableBytes = (r: AuditReport, opts: TableOptions = {}): Generator<Buffer> => chunksOf(tableLines(r, opts), '\n', '\n');

/** The lines of the report, without their newlines. */
function tableLines(r: AuditReport, opts: TableOptions): string[] {
  const out: string[] = [];
  const words = new PortWords();
  out.push(`Audit of ${r.ruleset.file} (${r.ruleset.format}, ${plural(r.ruleset.rules, 'rule')}) against ${r.deployment}`);
  out.push(`${scopeText(r)} · Veeam Backup & Replication ${r.version} · ${r.phase} phase · ${repliesText(r)}`);
  out.push(headline(r), '');
  const bad = r.verdicts.filter((v) => v.status !== 'allowed');
  if (bad.length) {
    out.push(`Not allowed (${bad.length})`);
    const rows = [['status', 'flow', 'ports', 'decided by']];
    for (const v of bad) rows.push([v.status, `${v.flow.from} → ${v.flow.to}`, flowPorts(v, words), v.blockedBy.map((x) => x.label).join('; ')]);
    const lines = pad(rows);
    out.push(`  ${lines[0]}`);
    bad.forEach((v, i) => {
      out.push(`  ${lines[i + 1]}`);
      out.push(`      missing: ${missingText(v, words)}`);
      for (const n of v.notes) out.push(`      note: ${n}`);
    });
    out.push('');
  }
  if (r.breaks.length) {
    out.push('What breaks');
    for (const b of r.breaks) out.push(`  - ${b.text}`);
    out.push('');
  }
  if (r.excess.length) {
    out.push(`Open beyond need (${r.excess.length})`);
    for (const l of pad(r.excess.map((e) => [e.rule.label, e.severity, e.kind, e.description]))) out.push(`  ${l}`);
    out.push('');
  }
  if (r.shadowed.length) {
    out.push(`Rules that never match (${r.shadowed.length})`);
    for (const l of pad(r.shadowed.map((s) => [s.rule.label, s.description]))) out.push(`  ${l}`);
    out.push('');
  }
  if (r.unused.length) {
    out.push(`Rules that match nothing the plan needs (${r.unused.length})`);
    for (const l of pad(r.unused.map((u) => [u.rule.label, u.description]))) out.push(`  ${l}`);
    out.push('');
  }
  const ok = r.verdicts.filter((v) => v.status === 'allowed');
  if (opts.verbose && ok.length) {
    out.push(`Allowed (${ok.length})`);
    for (const l of pad(ok.map((v) => [`${v.flow.from} → ${v.flow.to}`, flowPorts(v, words), v.allowedBy.map((x) => x.label).join('; ')]))) out.push(`  ${l}`);
    out.push('');
  } else if (ok.length) out.push(`Allowed: ${plural(ok.length, 'flow')} (--verbose lists them with the rules that allow them)`, '');
  if (r.notAudited.length) {
    out.push(`Not audited (${r.notAudited.length})`);
    for (const n of r.notAudited.slice(0, opts.verbose ? Infinity : 10)) out.push(`  ${n.flow.from} → ${n.flow.to}  ${n.flow.protocol} ${formatPorts(n.flow.ports)}  ${n.reason}`);
    if (!opts.verbose && r.notAudited.length > 10) out.push(`  … and ${r.notAudited.length - 10} more (--verbose)`);
    out.push('');
  }
  out.push(bad.length ? `Result: ${plural(bad.length, 'flow')} of the plan ${bad.length === 1 ? 'is' : 'are'} not wholly allowed (exit status 1).` : 'Result: every flow of the plan is allowed (exit status 0).');
  return out;
}
