/**
 * Printing diagnostics: `file:line:col: severity CODE: message`, the source line and a caret.
 * @module
 */
import type { Diagnostic } from './diagnostic.js';

export interface LinePos {
  line: number;
  col: number;
}

/** Line starts of a text, for binary-search offset → line/col (as yaml's LineCounter). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

export function linePos(starts: readonly number[], offset: number): LinePos {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (starts[lo] ?? 0) + 1 };
}

export interface FormatOptions {
  /** File texts by name, to show line, column and the offending line. */
  sources?: ReadonlyMap<string, string>;
}

export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  const text = d.file ? opts.sources?.get(d.file) : undefined;
  let where = d.file ?? '';
  let excerpt = '';
  if (text !== undefined && d.range) {
    const starts = lineStarts(text);
    const pos = linePos(starts, d.range[0]);
    where += `:${pos.line}:${pos.col}`;
    const lineStart = starts[pos.line - 1] ?? 0;
    const nextStart = starts[pos.line];
    const lineText = text.slice(lineStart, nextStart === undefined ? text.length : nextStart - 1).replace(/\r$/, '');
    let width = Math.max(1, Math.min(d.range[1], lineStart + lineText.length) - d.range[0]);
    // A long line (a one-line JSON export) is shown as a window around the column.
    let shown = lineText;
    let col = pos.col;
    if (lineText.length > 160) {
      const from = Math.max(0, pos.col - 1 - 60);
      shown = `${from > 0 ? '…' : ''}${lineText.slice(from, from + 140)}${from + 140 < lineText.length ? '…' : ''}`;
      col = pos.col - from + (from > 0 ? 1 : 0);
      width = Math.min(width, 140 - (pos.col - 1 - from));
    }
    excerpt = `\n  ${pos.line} | ${shown}\n  ${' '.repeat(String(pos.line).length)} | ${' '.repeat(col - 1)}${'^'.repeat(Math.max(1, width))}`;
  }
  const path = d.path && d.path.length ? ` (at ${d.path.join('.')})` : '';
  const head = `${where ? `${where}: ` : ''}${d.severity} ${d.code}: ${d.message}${path}`;
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return head + excerpt + hint;
}

export function formatDiagnostics(diags: readonly Diagnostic[], opts: FormatOptions = {}): string {
  return diags.map((d) => formatDiagnostic(d, opts)).join('\n') + (diags.length ? '\n' : '');
}

/** Diagnostics as JSON-friendly objects with line and column added. */
export function locateDiagnostics(
  diags: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): (Diagnostic & { line?: number; col?: number })[] {
  return diags.map((d) => {
    const text = d.file ? sources.get(d.file) : undefined;
    if (text === undefined || !d.range) return { ...d };
    const pos = linePos(lineStarts(text), d.range[0]);
    return { ...d, line: pos.line, col: pos.col };
  });
}
