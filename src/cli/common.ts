/**
 * Shared pieces of the commands: reading the deployment, printing diagnostics, writing files.
 * @module
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve, basename, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diag/diagnostic.js';
import { formatDiagnostics } from '../diag/format.js';
import { loadDeployment, type Loaded } from '../model/load.js';
import { EXIT, UsageError } from './exit.js';
import type { Io, Values } from './io.js';

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE_FILE = join(PACKAGE_ROOT, 'examples', 'four-zone.yaml');

export interface LoadedFile extends Loaded {
  file: string;
  text: string;
}

/** Reads a deployment (the bundled example when no file is given); prints diagnostics. */
export function readDeployment(io: Io, file: string | undefined): { ok: true; value: LoadedFile } | { ok: false; code: number } {
  const path = file ? resolve(io.cwd, file) : EXAMPLE_FILE;
  const shown = file ?? 'examples/four-zone.yaml';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr(`${shown}: error CLI_FILE: cannot read the file (${err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'it is a directory' : err.code ?? err.message})\n`);
    return { ok: false, code: EXIT.BAD_INPUT };
  }
  const r = loadDeployment(text, shown);
  printDiagnostics(io, r.diagnostics, new Map([[shown, text]]));
  if (!r.ok) {
    const n = r.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr(`${n} error${n === 1 ? '' : 's'} in ${shown}\n`);
    return { ok: false, code: EXIT.BAD_INPUT };
  }
  // Not a spread: the document with positions is built only if something asks for it.
  return { ok: true, value: Object.assign(r.value, { file: shown, text }) };
}

export function printDiagnostics(io: Io, diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>, minSeverity: 'info' | 'warning' = 'warning'): void {
  const shown = diags.filter((d) => minSeverity === 'info' || d.severity !== 'info');
  if (shown.length) io.stderr(formatDiagnostics(shown, { sources }));
}

export function oneOf<T extends string>(values: Values, name: string, choices: readonly T[], fallback: T): T {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, not '${String(v)}'`);
  return v as T;
}

export function intOption(values: Values, name: string, fallback: number, min: number, max: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new UsageError(`--${name} must be a number from ${min} to ${max}, not '${String(v)}'`);
  return n;
}

/** Joins a generated file's relative path under DIR, refusing anything that would land outside it. */
export function safeJoin(dir: string, rel: string): string {
  const full = resolve(dir, rel);
  const root = resolve(dir);
  if (full !== root && !full.startsWith(root + sep)) throw new UsageError(`refusing to write '${rel}' outside ${dir}`);
  return full;
}

/**
 * Writes a file atomically: a temp file beside it, then a rename. `data` may be the pieces of a
 * text, to be joined by newlines: they are written one by one, so a large text is never joined
 * into one string nor encoded into one buffer.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | readonly string[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) writeFileSync(tmp, data);
    else writePieces(tmp, data);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was created.
    }
    throw e;
  }
  renameSync(tmp, path);
}

const NEWLINE = Buffer.from('\n');

function writePieces(path: string, pieces: readonly string[]): void {
  const fd = openSync(path, 'w');
  try {
    pieces.forEach((p, i) => {
      if (i) writeAll(fd, NEWLINE);
      writeAll(fd, Buffer.from(p, 'utf8'));
    });
  } finally {
    closeSync(fd);
  }
}

/** writeSync until every byte is written (it may write fewer). */
function writeAll(fd: number, b: Uint8Array): void {
  for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at);
}

export const fileExists = existsSync;
