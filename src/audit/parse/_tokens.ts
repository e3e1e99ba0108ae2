/**
 * Shell-like tokens of one line, with offsets: words split on blanks, double-quoted strings with
 * backslash escapes (as iptables-save writes them; cmd and netsh have none: `escapes` false).
 * @module
 */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Tokens of text[from, to). Returns undefined (with the offset) on an unterminated quote. */
export function tokenize(text: string, from: number, to: number, escapes = true): Token[] | { error: number } {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    while (i < to) {
      const ch = text[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\r') break;
      if (ch === '"') {
        i++;
        let closed = false;
        while (i < to) {
          const q = text[i]!;
          if (escapes && q === '\\' && i + 1 < to) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          if (q === '"') {
            closed = true;
            i++;
            break;
          }
          value += q;
          i++;
        }
        if (!closed) return { error: start };
        continue;
      }
      value += ch;
      i++;
    }
    out.push({ text: value, start, end: i });
  }
  return out;
}
