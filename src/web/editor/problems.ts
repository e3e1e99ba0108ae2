/**
 * The problems the page shows for the deployment text: the server's diagnostics (the CLI's) and,
 * until they arrive or where they say nothing, the JSON Schema's.
 * @module
 */
import type { ApiDiagnostic } from '../../server/api-types.js';
import type { SchemaProblem } from './schema.js';

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  hint?: string;
  from?: number;
  to?: number;
  line?: number;
  col?: number;
  source: 'vbrwall' | 'schema';
}

export interface Problems {
  /** The text they were computed for. */
  text: string;
  list: Problem[];
  /** The server's answer for this text is in. */
  complete: boolean;
}

export function linePosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

export function fromSchema(text: string, list: readonly SchemaProblem[]): Problem[] {
  return list.map((p) => ({ severity: p.severity, code: 'SCHEMA', message: p.message, from: p.from, to: p.to, ...linePosition(text, p.from), source: 'schema' as const }));
}

export function fromServer(diags: readonly ApiDiagnostic[]): Problem[] {
  return diags.map((d) => ({
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
    ...(d.range ? { from: d.range[0], to: Math.max(d.range[1], d.range[0]) } : {}),
    ...(d.line !== undefined ? { line: d.line, col: d.col } : {}),
    source: 'vbrwall' as const,
  }));
}

/** The server's problems, and the schema's where no server problem covers the same text. */
export function mergeProblems(server: readonly Problem[], schema: readonly Problem[]): Problem[] {
  const overlaps = (a: Problem, b: Problem) => a.from !== undefined && b.from !== undefined && a.from <= (b.to ?? b.from) && b.from <= (a.to ?? a.from);
  const serverHasErrors = server.some((p) => p.severity === 'error');
  const extra = schema.filter((s) => !server.some((p) => overlaps(p, s) || (p.line !== undefined && p.line === s.line)) && (serverHasErrors || s.severity !== 'error'));
  return [...server, ...extra].sort((a, b) => (a.from ?? Infinity) - (b.from ?? Infinity) || rank(a) - rank(b));
}

const rank = (p: Problem): number => ({ error: 0, warning: 1, info: 2 })[p.severity];
