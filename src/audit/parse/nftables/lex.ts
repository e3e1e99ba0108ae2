/**
 * Tokens of nft syntax: words, strings, punctuation and newlines (statement ends), with offsets.
 * `#` starts a comment; a lone `:` (map key to data) is punctuation, IPv6 addresses keep theirs.
 * @module
 */
import type { ParseReport } from '../_report.js';

export interface Tok {
  t: 'w' | 's' | 'p' | 'nl';
  v: string;
  start: number;
  end: number;
}

const PUNCT = new Set(['{', '}', ';', ',', '@', '$', '=', '(', ')', '|', '&', '[', ']', '<', '>']);

export function lex(text: string, rep: ParseReport): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      const start = i++;
      let v = '';
      while (i < n && text[i] !== '"' && text[i] !== '\n') v += text[i++];
      if (text[i] !== '"') {
        rep.syntax(start, i, 'unterminated string');
        continue;
      }
      i++;
      out.push({ t: 's', v, start, end: i });
      continue;
    }
    if ((c === '!' || c === '=' || c === '<' || c === '>') && text[i + 1] === '=') {
      out.push({ t: 'p', v: c + '=', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '!' || PUNCT.has(c)) {
      out.push({ t: 'p', v: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text[i]!;
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === '"' || d === '#' || d === '!' || PUNCT.has(d)) break;
      i++;
    }
    const v = text.slice(start, i);
    // A lone ':' separates map keys from data (`10.0.0.1 : accept`); IPv6 addresses keep theirs.
    out.push({ t: v === ':' ? 'p' : 'w', v, start, end: i });
  }
  return out;
}

