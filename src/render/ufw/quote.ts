/**
 * Quoting for the ufw script, the only place input text enters it.
 * - Shell words go in single quotes, where nothing is expanded; `'` is written `'\''`
 *   (POSIX Shell Command Language 2.2.2 Single-Quotes).
 * - ufw refuses a comment containing `'` ("Comment may not contain \"'\"", ufw/parser.py), so
 *   comments get `"` in its place, and are one line, cut at 250 characters (ufw stores them
 *   hex-encoded and prints them in `ufw status`).
 * - `#` comment lines end at the newline, so input text in them is made one line.
 * @module
 */
import { clip, oneLine } from '../_shared/text.js';

export const COMMENT_MAX = 250;

/** A single-quoted shell word holding exactly `s`. */
export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The word after `comment`: one line without `'`, at most 250 characters, shell-quoted. */
export const ufwComment = (s: string): string => shQuote(clip(oneLine(s).replace(/'/g, '"'), COMMENT_MAX));

/** Text for a `#` comment line: one line, cut at 1000 characters. */
export const shComment = (s: string): string => clip(oneLine(s), 1000);
