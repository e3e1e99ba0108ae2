/**
 * PowerShell quoting, the only place input text enters the Windows Firewall scripts.
 * - The scripts are pure ASCII. Windows PowerShell 5.1 reads a .ps1 without a byte-order mark
 *   in the ANSI code page, where the UTF-8 bytes of some characters decode to U+2018, U+2019 or
 *   U+201A (cp1252 0x91, 0x92, 0x82): quotes that would end a string. Accents are dropped
 *   (NFKD), anything else non-ASCII becomes `?`.
 * - Strings are single-quoted: nothing inside is expanded (`$x`, `$(…)`, backticks are
 *   literal). The tokenizer takes ', U+2018, U+2019, U+201A and U+201B all as single quotes,
 *   and a quote character followed by another one as one literal quote (about_Quoting_Rules;
 *   PowerShell CharTraits.cs `IsSingleQuote`, tokenizer `ScanStringLiteral`), so each of them
 *   is doubled. Newlines and other control characters become spaces: a string stays one line.
 * - Comment lines run from `#` to the end of the line, so input text in them is made one line.
 * - Rule names (-Name) are derived from the rule's safe name: ASCII letters, digits and `-`.
 * @module
 */
import { asciiOnly, clip, oneLine } from '../_shared/text.js';

export const DISPLAY_NAME_MAX = 200;
export const DESCRIPTION_MAX = 1000;

/** Characters PowerShell treats as a single quote. */
export const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

/** One line of printable ASCII: accents dropped, other non-ASCII characters as `?`. */
export const psText = (s: string): string => (ASCII.test(s) ? oneLine(s) : asciiOnly(s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')));
/** ASCII text: NFKD leaves it as it is, and one line of it is printable ASCII already. */
const ASCII = /^[\x00-\x7f]*$/;

/** A single-quoted PowerShell string holding `s` as one ASCII line, cut at `max` characters. */
export const psQuote = (s: string, max = DESCRIPTION_MAX): string => `'${clip(psText(s), max).replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;

/** Text for a `#` comment line: one ASCII line, cut at 1000 characters. */
export const psComment = (s: string): string => clip(psText(s), 1000);

/** A rule -Name: `vbrwall-` and the rule's name reduced to ASCII letters, digits and `-`. */
export const psRuleName = (...parts: string[]): string => ['vbrwall', ...parts].join('-').replace(/[^A-Za-z0-9-]+/g, '-');
