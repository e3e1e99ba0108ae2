/**
 * Text in SVG (XML 1.0): one line, characters XML cannot hold removed, `& < > " '` escaped
 * (XML 1.0 §2.4 "Character Data and Markup"). Used for element text and attribute values alike.
 * Width estimates for the layout count wide (CJK) characters double.
 * @module
 */
import { oneLine } from '../_shared/text.js';

export const svgText = (s: string): string =>
  oneLine(s)
    .replace(/[\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u;
/** No wide character possible (every code point below U+1100, no surrogates): one unit each. */
const NARROW = /^[\u0000-\u10ff]*$/;
const width = (c: string): number => (WIDE.test(c) ? 2 : 1);
const lineUnits = (line: string): number => (NARROW.test(line) ? line.length : [...line].reduce((n, c) => n + width(c), 0));

/** Display width in "narrow character" units: East Asian wide characters count 2. */
export const textUnits = (s: string): number => lineUnits(oneLine(s));

/** Cuts text to at most `units` display units, marking the cut with `…`. */
export function fitText(s: string, units: number): string {
  const line = oneLine(s);
  if (lineUnits(line) <= units) return line;
  // One pass. A space only counts once text follows it (a trailing space would be trimmed), and
  // `line` holds single spaces only (oneLine), so this cuts where measuring every prefix would.
  let out = '';
  let n = 0;
  for (const c of line) {
    const w = width(c);
    if ((c === ' ' ? n : n + w) > units - 1) break;
    out += c;
    n += w;
  }
  return `${out}…`;
}
