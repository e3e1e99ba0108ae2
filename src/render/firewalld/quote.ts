/**
 * POSIX shell quoting for the firewalld script, the only place input text enters it.
 * - Words go in single quotes, where the shell expands nothing (`$(…)`, backticks, `$VAR`, `\`
 *   are literal); a `'` inside ends the quote, so it is written `'\''` (close, escaped quote,
 *   reopen). POSIX "Shell Command Language" 2.2.2 Single-Quotes.
 * - Comment lines run from `#` to the newline (2.3 Token Recognition, rule 9; a trailing
 *   backslash does not continue a comment), so input text in comments is made one line.
 * - Rich rules carry no comment (firewalld.richlanguage(5) has no comment element): the reasons
 *   of a rule are the `#` lines above its commands.
 * @module
 */
import { clip, oneLine } from '../_shared/text.js';

/** A single-quoted shell word holding exactly `s`. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Text for a `#` comment line: one line, cut at 1000 characters. */
export const shComment = (s: string): string => clip(oneLine(s), 1000);
