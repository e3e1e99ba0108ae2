/**
 * The audit as Markdown, for a change request or a pull request comment.
 * @module
 */
import { formatPorts } from '../../net/ports.js';
import type { AuditReport } from '../audit.js';
import { chunksOf } from './_bytes.js';
import { flowPorts, headline, missingText, PortWords, repliesText, scopeText } from './_text.js';

/** What `cell` changes; most cells (names, ports, rule labels) have none of it and are kept as they are. */
const SPECIAL = /[\\|\r\n]/;
/** Table cells: pipes and newlines would break the table. */
const cell = (s: string): string => (SPECIAL.test(s) ? s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ') : s);

const table = (head: string[], rows: string[][]): string[] => [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];

export function formatAuditMarkdown(r: AuditReport): string {
  return markdownLines(r).join('\n');
}

/** formatAuditMarkdown as chunks of UTF-8 (what the CLI writes). */
export const auditMarkdownBytes = (r: AuditReport): Generator<Buffer> => chunksOf(markdownLines(r), '\n');

function markdownLines(r: AuditReport): string[] {
  const words = new PortWords();
  const out: string[] = [`# Firewall audit: ${cell(r.deployment)}`, ''];
  out.push(`Ruleset \`${cell(r.ruleset.file)}\` (${r.ruleset.format}, ${r.ruleset.rules} rules), ${scopeText(r)}, Veeam Backup & Replication ${r.version}, ${r.phase} phase; ${repliesText(r)}.`, '');
  out.push(`**${headline(r)}**`, '');
  const bad = r.verdicts.filter((v) => v.status !== 'allowed');
  if (bad.length) {
    out.push('## Not allowed', '', ...table(['Status', 'From', 'To', 'Ports', 'Missing', 'Decided by'], bad.map((v) => [v.status, v.flow.from, v.flow.to, flowPorts(v, words), missingText(v, words), v.blockedBy.map((x) => x.label).join('; ')])), '');
  }
  if (r.breaks.length) out.push('## What breaks', '', ...r.breaks.map((b) => `- ${cell(b.text)}`), '');
  if (r.excess.length) out.push('## Open beyond need', '', ...table(['Rule', 'Severity', 'Kind', 'Description'], r.excess.map((e) => [e.rule.label, e.severity, e.kind, e.description])), '');
  if (r.shadowed.length) out.push('## Rules that never match', '', ...table(['Rule', 'Why'], r.shadowed.map((s) => [s.rule.label, s.description])), '');
  if (r.unused.length) out.push('## Rules that match nothing the plan needs', '', ...table(['Rule', 'Note'], r.unused.map((u) => [u.rule.label, u.description])), '');
  const ok = r.verdicts.filter((v) => v.status === 'allowed');
  if (ok.length) out.push('## Allowed', '', ...table(['From', 'To', 'Ports', 'Allowed by'], ok.map((v) => [v.flow.from, v.flow.to, flowPorts(v, words), v.allowedBy.map((x) => x.label).join('; ')])), '');
  if (r.notAudited.length) out.push('## Not audited', '', ...table(['From', 'To', 'Ports', 'Why'], r.notAudited.map((n) => [n.flow.from, n.flow.to, `${n.flow.protocol} ${formatPorts(n.flow.ports)}`, n.reason])), '');
  return out;
}
