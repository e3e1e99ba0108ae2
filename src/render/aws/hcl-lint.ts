/**
 * A small HCL checker for generated Terraform, used by the tests of the Terraform targets (there is
 * no terraform binary to run `terraform validate`). It tokenizes the text and reports:
 * - unbalanced or mismatched `{}`, `[]`, `()`, and strings left open at a line end;
 * - escapes HCL does not know, and any `${` or `%{` template sequence inside a string (generated
 *   files interpolate nothing: `var.x` references are bare expressions);
 * - any character outside strings and comments other than identifiers, numbers and HCL
 *   punctuation (so injected text can only ever sit inside a string or a comment);
 * - block labels (`resource "type" "name"`) that are not HCL identifiers, and duplicate blocks.
 * Syntax: HCL native syntax specification (hashicorp/hcl, hclsyntax/spec.md), "Lexical Elements",
 * "Template Expressions".
 * @module
 */

export interface HclIssue {
  line: number;
  message: string;
}

const OUTSIDE = /[A-Za-z0-9_\-.=,{}[\]()\s]/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const CLOSE: Record<string, string> = { '}': '{', ']': '[', ')': '(' };

/** Every problem found; an empty list means the text is well-formed as far as this checker knows. */
export function lintHcl(text: string): HclIssue[] {
  const issues: HclIssue[] = [];
  const stack: { ch: string; line: number }[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if (ch === '#' || (ch === '/' && text[i + 1] === '/')) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        issues.push({ line, message: 'unterminated /* comment' });
        break;
      }
      line += (text.slice(i, end).match(/\n/g) ?? []).length;
      i = end + 2;
      continue;
    }
    if (ch === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = text[i]!;
        if (c === '\n') {
          issues.push({ line, message: 'newline inside a string' });
          break;
        }
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\') {
          const e = text[i + 1] ?? '';
          if ('nrt"\\'.includes(e) && e !== '') i += 2;
          else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
          else if (e === 'U' && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 2, i + 10))) i += 10;
          else {
            issues.push({ line, message: `unknown escape \\${e}` });
            i += 2;
          }
          continue;
        }
        if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
          i += 3;
          continue;
        }
        if ((c === '$' || c === '%') && text[i + 1] === '{') {
          issues.push({ line, message: `template sequence ${c}{ inside a string` });
          i += 2;
          continue;
        }
        i++;
      }
      if (!closed && i >= n) issues.push({ line, message: 'string not closed' });
      continue;
    }
    if (ch === '{' || ch === '[' || ch === '(') stack.push({ ch, line });
    else if (ch in CLOSE) {
      const top = stack.pop();
      if (!top) issues.push({ line, message: `unmatched ${ch}` });
      else if (top.ch !== CLOSE[ch]) issues.push({ line, message: `${ch} closes ${top.ch} of line ${top.line}` });
    } else if (!OUTSIDE.test(ch)) issues.push({ line, message: `unexpected character ${JSON.stringify(ch)} outside a string` });
    i++;
  }
  for (const open of stack) issues.push({ line: open.line, message: `${open.ch} never closed` });
  issues.push(...checkBlocks(text));
  return issues;
}

/** Block headers: labels must be identifiers, and `resource`/`variable`/`output` blocks unique. */
function checkBlocks(text: string): HclIssue[] {
  const issues: HclIssue[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((l, idx) => {
    const m = /^(resource|variable|output|data)\s+((?:"[^"]*"\s*)+)\{\s*$/.exec(l);
    if (!m) return;
    const labels = [...m[2]!.matchAll(/"([^"]*)"/g)].map((x) => x[1]!);
    for (const label of labels) if (!IDENT.test(label)) issues.push({ line: idx + 1, message: `block label ${JSON.stringify(label)} is not an identifier` });
    const key = `${m[1]} ${labels.join(' ')}`;
    if (seen.has(key)) issues.push({ line: idx + 1, message: `duplicate block ${key}` });
    seen.add(key);
  });
  return issues;
}

/** The decoded value of every string literal, in order (for tests that look at what a string holds). */
export function hclStringValues(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\\n]|\\.)*)"/g;
  for (const line of text.split('\n')) {
    const code = stripComment(line);
    for (const m of code.matchAll(re))
      out.push(
        m[1]!
          .replace(/\$\$\{/g, '${')
          .replace(/%%\{/g, '%{')
          .replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e)),
      );
  }
  return out;
}

function stripComment(line: string): string {
  let inStr = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}
