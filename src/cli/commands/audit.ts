/**
 * `vbrwall audit`: an existing ruleset checked against the plan: which required flows it allows,
 * partly allows or blocks (and by which line), what breaks, what is open beyond need, dead rules.
 * Exit status: 0 every flow allowed, 1 any partial or blocked, 2 bad input.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditRuleset } from '../../audit/audit-ruleset.js';
import { auditFailed } from '../../audit/audit.js';
import { findParser, parsers } from '../../audit/parse/registry.js';
import { auditJsonBytes } from '../../audit/report/json.js';
import { auditMarkdownBytes } from '../../audit/report/md.js';
import { auditSarifBytes } from '../../audit/report/sarif.js';
import { auditTableBytes } from '../../audit/report/table.js';
import type { AuditScope } from '../../audit/scope.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { locateDiagnostics } from '../../diag/format.js';
import { buildPlan } from '../../plan/plan.js';
import { oneOf, printDiagnostics, readDeployment } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext, Io } from '../io.js';

/** More warnings of one code than this are summed up in one line. */
const MAX_PER_CODE = 20;

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`audit takes one FILE, not ${positionals.length}`);
  const rulesetPath = values.ruleset;
  if (typeof rulesetPath !== 'string') throw new UsageError('--ruleset PATH is required', 'export the ruleset first (see `vbrwall export-script FORMAT`)');
  const format = oneOf(values, 'format', ['table', 'json', 'md', 'sarif'] as const, 'table');
  const rulesetFormat = typeof values['ruleset-format'] === 'string' ? values['ruleset-format'] : 'auto';
  if (rulesetFormat !== 'auto' && !findParser(rulesetFormat)) throw new UsageError(`--ruleset-format must be auto or one of ${parsers.map((p) => p.id).join(', ')}, not '${rulesetFormat}'`);
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  const host = typeof values.host === 'string' ? values.host : undefined;
  const scopeName = oneOf(values, 'scope', ['zone-firewall', 'host'] as const, host ? 'host' : 'zone-firewall');
  if (scopeName === 'zone-firewall' && host) throw new UsageError('--host goes with --scope host, not --scope zone-firewall');
  if (scopeName === 'host' && !host) throw new UsageError('--scope host needs --host NAME');
  const scope: AuditScope = host ? { kind: 'host', host } : { kind: 'zone-firewall' };

  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const text = readRuleset(io, rulesetPath);
  if (text === undefined) return EXIT.BAD_INPUT;
  const plan = buildPlan(loaded.value.deployment, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });
  // Excerpts of one-line exports (nft -j) would print the whole file: positions only, then.
  const sources = new Map(longestLine(text) > 400 ? [] : [[rulesetPath, text]]);
  const out = auditRuleset(plan, text, { file: rulesetPath, format: rulesetFormat, lenient: values.lenient === true, scope });
  if (!out.ok) {
    printCapped(io, out.diagnostics, sources);
    const n = out.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr(`${n} error${n === 1 ? '' : 's'} in ${rulesetPath}; nothing was audited${out.diagnostics.some((d) => d.code === 'AUDIT_SYNTAX') ? ' (--lenient skips unreadable lines, each reported)' : ''}\n`);
    return EXIT.BAD_INPUT;
  }
  printCapped(io, out.diagnostics, sources);
  const r = out.report;
  if (format === 'json') {
    await writeChunks(io, auditJsonBytes(r, locateDiagnostics(out.diagnostics, sources)));
  } else if (format === 'md') await writeChunks(io, auditMarkdownBytes(r));
  else if (format === 'sarif') await writeChunks(io, auditSarifBytes(r));
  else await writeChunks(io, auditTableBytes(r, { verbose: values.verbose === true }));
  return auditFailed(r) ? EXIT.FINDINGS : EXIT.OK;
}

/** Chunks of UTF-8 as they come, each written before the next is made; a slow reader is waited for. */
async function writeChunks(io: Io, chunks: Iterable<Uint8Array>): Promise<void> {
  for (const c of chunks) {
    if (io.stdoutDrained) await io.stdoutDrained(c);
    else io.stdout(Buffer.from(c.buffer, c.byteOffset, c.length).toString('utf8'));
  }
}

function longestLine(text: string): number {
  let max = 0;
  for (let i = 0; i < text.length; ) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    if (end - i > max) max = end - i;
    i = end + 1;
  }
  return max;
}

/** Reads a ruleset; Windows PowerShell 5.1 writes UTF-16 when output is redirected. */
function readRuleset(io: Io, path: string): string | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(resolve(io.cwd, path));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr(`${path}: error CLI_FILE: cannot read the ruleset (${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.code ?? err.message})\n`);
    return undefined;
  }
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2)).swap16().toString('utf16le');
  return buf.toString('utf8');
}

function printCapped(io: Io, diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>): void {
  const count = new Map<string, number>();
  const shown: Diagnostic[] = [];
  for (const d of diags) {
    const n = (count.get(d.code) ?? 0) + 1;
    count.set(d.code, n);
    if (n <= MAX_PER_CODE || d.severity === 'error') shown.push(d);
  }
  printDiagnostics(io, shown, sources);
  for (const [code, n] of count) {
    const hidden = n - MAX_PER_CODE;
    const severity = diags.find((d) => d.code === code)?.severity;
    if (hidden > 0 && severity === 'warning') io.stderr(`… and ${hidden} more ${code} warning${hidden === 1 ? '' : 's'} (all are in --format json)\n`);
  }
}
