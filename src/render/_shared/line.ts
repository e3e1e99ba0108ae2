/**
 * `oneLine` with a fast path: most input text is already one clean line (no control character,
 * single spaces, nothing to trim), and one regular-expression test says so without building new
 * strings. Same result as `oneLine` for every input (property-tested in line.test.ts).
 * @module
 */
import { oneLine } from './text.js';

/** One line already: no control character or line separator, no whitespace but single inner spaces. */
const CLEAN = /^(?:[^\s\u0000-\u001f\u007f-\u009f]+(?: [^\s\u0000-\u001f\u007f-\u009f]+)*)?$/;

export const oneLineFast = (s: string): string => (CLEAN.test(s) ? s : oneLine(s));
