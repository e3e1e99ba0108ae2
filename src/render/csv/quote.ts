/**
 * CSV quoting (RFC 4180 §2.6-2.7): a field with a comma, quote, CR or LF is enclosed in double
 * quotes and its quotes are doubled. Spreadsheet formula neutralisation (OWASP "CSV Injection";
 * ASVS 1.2.10): a cell that starts with `=`, `+`, `-`, `@`, tab or CR gets a leading apostrophe,
 * so Excel, LibreOffice and Sheets show it as text and never evaluate it. Every record is one
 * line: control characters in input text (newlines included) become spaces, so line-based tools
 * (grep, diff, a change board's import) see one line per rule. The xlsx target keeps text exact.
 * @module
 */
import { oneLineFast as oneLine } from '../_shared/line.js';

const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralise = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);

/** Nothing to neutralise, quote or flatten: the text is the field. */
const PLAIN = /^(?:[^\s\u0000-\u001f\u007f-\u009f",=+\-@](?:[^\s\u0000-\u001f\u007f-\u009f",]| (?! ))*)?$/;

export const csvField = (s: string): string => {
  if (PLAIN.test(s) && !s.endsWith(' ')) return s;
  const safe = neutralise(oneLine(s));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One record on one line: fields joined by commas, ended by CRLF (RFC 4180 §2.1). */
export const csvRecord = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;
