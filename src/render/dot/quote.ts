/**
 * DOT quoting. Every ID and label is a double-quoted string: `\` is doubled and `"` escaped, so
 * no input closes the string (DOT Language, "IDs": "the only escaped character is double-quote");
 * doubling `\` also keeps input from forming escString sequences such as `\N` or `\G`
 * (Graphviz "escString": "one can use \\ to get a single backslash"). Graphviz also decodes
 * HTML character references in labels (`&amp;` is drawn as `&`; seen with Graphviz 2.42), so `&`
 * is written `&amp;` and input is drawn exactly as typed. A newline in a label
 * becomes `\n` (a centred line break); other control characters become spaces. Comments (`//`)
 * are one line.
 * @module
 */
import { oneLine } from '../_shared/text.js';

export const dotString = (s: string): string =>
  `"${s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')}"`;

/** Several lines of one label: each line quoted as text, joined by `\n` line breaks. */
export const dotLines = (lines: readonly string[]): string => dotString(lines.map(oneLine).join('\n'));

export const dotComment = (s: string): string => oneLine(s);
