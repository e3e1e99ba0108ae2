/**
 * Diagnostics are data: stages collect them and never print.
 * Positions are offsets; line and column are computed only when printing.
 * @module
 */
import type { DiagCode } from './codes.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  code: DiagCode;
  severity: Severity;
  message: string;
  /** File the diagnostic is about, as the user named it. */
  file?: string;
  /** Offsets [start, end) into the file's text. */
  range?: [number, number];
  /** Path of the offending field in the document, e.g. ['hosts', 'vbr01', 'roles', 0]. */
  path?: (string | number)[];
  /** What would be valid, or what to do. */
  hint?: string;
}

/** A stage's result: a value, or the diagnostics that prevented it. Warnings travel with a value. */
export type Result<T> =
  | { ok: true; value: T; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export const hasErrors = (diags: readonly Diagnostic[]): boolean =>
  diags.some((d) => d.severity === 'error');

/** Thrown only for bugs: the CLI prints it as an internal error. */
export class InternalError extends Error {
  override name = 'InternalError';
}
