/**
 * Text in SpreadsheetML parts. XML 1.0 escaping (`& < > " '`), and ST_Xstring encoding
 * (ECMA-376 Part 1 §22.9.2.19; [MS-OI29500] 2.1.1747): characters XML 1.0 cannot carry, and CR,
 * become `_xHHHH_`; a literal `_xHHHH_` in the input gets its underscore escaped as `_x005F_`,
 * so Excel shows it as typed instead of decoding it. Excel holds at most 32,767 characters in a cell.
 * @module
 */
import { clip } from '../_shared/text.js';

export const CELL_MAX = 32767;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

/** XML 1.0 text or attribute value; characters XML cannot hold become U+FFFD. */
export const xmlText = (s: string): string =>
  s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** Anything xmlText or the ST_Xstring encoding would change. */
const SPECIAL = /[&<>"'\u0000-\u001f\ufffe\uffff\ud800-\udfff]|_x/;

/** A cell's text (ST_Xstring), XML-escaped, at most CELL_MAX characters. */
export const xstring = (s: string): string => {
  const text = clip(s, CELL_MAX);
  if (!SPECIAL.test(text)) return text;
  return xmlText(
    text
      .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
      .replace(/[\u0000-\u0008\u000b\u000c\u000d\u000e-\u001f\ufffe\uffff]/g, (c) => `_x${hex4(c.charCodeAt(0))}_`),
  );
};
