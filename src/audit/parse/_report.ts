/**
 * Diagnostics of a parser: located errors, or under --lenient warnings that name the skipped line.
 * @module
 */
import type { DiagCode } from '../../diag/codes.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { lineStarts, linePos } from '../../diag/format.js';
import { parseJsonWithPositions, type Json } from './_json.js';

export class ParseReport {
  readonly diagnostics: Diagnostic[] = [];
  private lineStarts?: number[];

  constructor(
    readonly file: string,
    readonly text: string,
    readonly lenient: boolean,
  ) {}

  /** Offsets of the line starts, found when first needed (a clean iptables-save needs none). */
  get starts(): number[] {
    return (this.lineStarts ??= lineStarts(this.text));
  }

  /** Unknown or invalid syntax at [start, end). Returns false: the caller skips what it was reading. */
  syntax(start: number, end: number, message: string, hint?: string): false {
    const { line } = linePos(this.starts, start);
    if (this.lenient) {
      const lineText = this.lineText(line);
      this.push('warning', 'AUDIT_SKIPPED_LINE', start, end, `skipped line ${line}: ${message}: ${clip(lineText)}`, hint);
    } else this.push('error', 'AUDIT_SYNTAX', start, end, message, hint ?? 'fix the line, or pass --lenient to skip what cannot be read (each skipped line is reported)');
    return false;
  }

  warn(code: DiagCode, start: number, end: number, message: string, hint?: string): void {
    this.push('warning', code, start, end, message, hint);
  }

  info(code: DiagCode, start: number, end: number, message: string, hint?: string): void {
    this.push('info', code, start, end, message, hint);
  }

  error(code: DiagCode, start: number, end: number, message: string, hint?: string): void {
    this.push('error', code, start, end, message, hint);
  }

  lineOf(offset: number): number {
    return linePos(this.starts, offset).line;
  }

  lineText(line: number): string {
    const s = this.starts[line - 1] ?? 0;
    const e = this.starts[line];
    return this.text.slice(s, e === undefined ? this.text.length : e - 1).replace(/\r$/, '');
  }

  get failed(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  private push(severity: Diagnostic['severity'], code: DiagCode, start: number, end: number, message: string, hint?: string): void {
    this.diagnostics.push({ code, severity, message, file: this.file, range: [start, Math.max(start + 1, end)], ...(hint ? { hint } : {}) });
  }
}

const clip = (s: string): string => (s.length > 120 ? `${s.slice(0, 117)}...` : s);

/**
 * The start every JSON format shares: the text parsed with positions, a report, and `at` for a
 * node's offsets; or the syntax error, located.
 */
export function openJsonExport(
  text: string,
  ctx: { file: string; lenient?: boolean },
): { ok: true; rep: ParseReport; root: Json; at: (o: object | undefined) => [number, number] } | { ok: false; diagnostics: Diagnostic[] } {
  const rep = new ParseReport(ctx.file, text, ctx.lenient ?? false);
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    rep.error('AUDIT_SYNTAX', parsed.offset, parsed.offset + 1, `not valid JSON: ${parsed.message}`);
    return { ok: false, diagnostics: rep.diagnostics };
  }
  return { ok: true, rep, root: parsed.value, at: (o) => (o && parsed.pos.get(o)) || [0, 1] };
}
