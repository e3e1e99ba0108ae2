/**
 * HTML escaping for element text and double-quoted attribute values: `& < > " '` become character
 * references (OWASP "Cross Site Scripting Prevention Cheat Sheet", output encoding for HTML
 * contexts; HTML Living Standard §13.1.2.5 "Character references"). Input is made one line first
 * and characters HTML forbids (C0/C1 controls, noncharacters) are dropped by `oneLine`.
 * @module
 */
import { oneLineFast as oneLine } from '../_shared/line.js';

/** Anything the replacements below would change. */
const SPECIAL = /[&<>"'\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]/;

export const h = (s: string): string => {
  const line = oneLine(s);
  if (!SPECIAL.test(line)) return line;
  return line
    .replace(/[\ufdd0-\ufdef\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
};
