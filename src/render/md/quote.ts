/**
 * Markdown escaping. Input text becomes one line, and every ASCII punctuation character with an
 * inline meaning in CommonMark or GFM is backslash-escaped (CommonMark 0.31 §2.4 "Backslash
 * escapes": any ASCII punctuation may be escaped): emphasis (`*`, and `_` unless inside a word,
 * where it cannot open emphasis), code spans, links and images (`[`), raw HTML, autolinks in
 * angle brackets and entities (`<`, `&`), table cells (`|`, GFM §4.10), math (`$`) and
 * strikethrough (`~`). Text that starts a line (a list item) also gets a leading block marker
 * escaped, so no input opens a heading, quote or nested list. The starts of GFM extended
 * autolinks (GFM §6.9: `://`, `www.`, `@`) are escaped as well, so a URL in a name stays text.
 * @module
 */
import { oneLineFast } from '../_shared/line.js';

/** Anything one of the escapes below would change. */
const SPECIAL = /[\\`*[\]<|&$~_@]|:\/\/|www\./i;

/** Inline text (table cells, headings after their marker, emphasis). */
export const mdText = (s: string): string => {
  const line = oneLineFast(s);
  if (!SPECIAL.test(line)) return line;
  return line
    .replace(/[\\`*[\]<|&$~]/g, '\\$&')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@');
};

/** Text at the start of a list item's line: block markers (`- + = # >`, `1.`) escaped as well. */
export const mdLine = (s: string): string => mdText(s).replace(/^([-+=#>])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');

/** A table cell: several items, one per line (`<br>`, which GFM tables allow inside a cell). */
export const mdCell = (items: readonly string[]): string => items.map(mdText).join('<br>');
