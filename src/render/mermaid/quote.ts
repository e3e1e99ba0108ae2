/**
 * Mermaid quoting. Labels are double-quoted strings, in which `"` would end the string: it and
 * every character with a meaning in a label become Mermaid entity codes (Mermaid "Flowcharts -
 * Basic Syntax", "Entity codes to escape characters": `#quot;`, `#35;`): `#` first (so input
 * cannot spell an entity), then `"`, `&`, `<`, `>` (labels render as HTML), the backtick (which
 * would open a Markdown string) and `%` (so no `%%` comment marker appears in a label).
 * Comments (`%%`) are one line and never start with `{`, so input cannot form a directive.
 * @module
 */
import { oneLine } from '../_shared/text.js';

export const mmdText = (s: string): string =>
  oneLine(s)
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/%/g, '#37;');

/** A quoted label of one or more lines (`<br/>` between them). */
export const mmdLabel = (lines: readonly string[]): string => `"${lines.map(mmdText).join('<br/>')}"`;

export const mmdComment = (s: string): string => oneLine(s);
