/**
 * Where the cursor is in the YAML, for completion: the path of keys that leads there (block
 * mappings by indentation, `- ` items, and `{ }` / `[ ]` on the current line), and whether a key
 * or a value is being typed. Works on half-typed text, where a parser would give up.
 * @module
 */
import type { PathSeg } from './schema.js';

export interface CursorContext {
  path: PathSeg[];
  mode: 'key' | 'value';
  /** Offset where the word being typed starts. */
  from: number;
  /** The keys already present in the mapping being typed into. */
  siblings: string[];
}

const KEY_LINE = /^(\s*)(-\s+)?("[^"]*"|'[^']*'|[^\s#:'"{}[\],][^:#{}[\],]*?)\s*:(?:\s+(.*))?$/;

const unquote = (k: string): string => (/^["'].*["']$/.test(k) ? k.slice(1, -1) : k).trim();
const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/** The context at `pos` of `text`. */
export function contextAt(text: string, pos: number): CursorContext | null {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  if (inComment(before)) return null;
  const word = /[\w.-]*$/.exec(before)![0];
  const from = pos - word.length;

  // The block path: the keys of the lines above with less indentation.
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  let content = before;
  const item = /^(\s*)-\s+/.exec(before);
  const path: PathSeg[] = [];
  /** The column of the mapping (or item) being typed into. */
  let indent = before.trim() ? indentOf(before) : before.length;
  if (item) {
    path.push('*');
    content = before.slice(item[0].length);
    indent = item[0].length;
  }
  const siblings = item ? [] : siblingKeys(text, lines, pos, indent);
  let limit = item ? item[1]!.length : indent;
  // After a `- ` item, its sequence may sit at the same indentation as its key (`key:\n- a`).
  let equalKey = Boolean(item);
  for (let i = lines.length - 1; i >= 0 && (limit > 0 || equalKey); i--) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const ind = indentOf(line);
    const dash = /^(\s*)-\s+/.exec(line);
    const m = KEY_LINE.exec(line);
    if (equalKey && ind === limit && m && !m[2] && !hasValue(m)) {
      path.unshift(unquote(m[3]!));
      equalKey = false;
      continue;
    }
    if (ind >= limit) continue;
    equalKey = false;
    if (dash) {
      // We are inside this item: its content starts at our column (or it holds our parent key).
      if (m && !hasValue(m) && dash[0].length < limit) path.unshift(unquote(m[3]!));
      path.unshift('*');
      limit = dash[1]!.length;
      equalKey = true;
      continue;
    }
    if (!m || hasValue(m)) break;
    path.unshift(unquote(m[3]!));
    limit = ind;
  }

  return lineContext(content, path, from, siblings);
}

const hasValue = (m: RegExpExecArray): boolean => {
  const v = m[4]?.trim() ?? '';
  return v !== '' && !v.startsWith('#') && !/^[|>]/.test(v);
};

/** Keys at the same indentation in the same mapping, above and below the cursor's line. */
function siblingKeys(text: string, above: readonly string[], pos: number, indent: number): string[] {
  const out: string[] = [];
  const scan = (line: string): boolean => {
    if (isBlank(line)) return true;
    const ind = indentOf(line);
    if (ind < indent) return false;
    const m = KEY_LINE.exec(line);
    if (ind === indent && m && !m[2]) out.push(unquote(m[3]!));
    return true;
  };
  for (let i = above.length - 1; i >= 0; i--) if (!scan(above[i]!)) break;
  const below = text.slice(text.indexOf('\n', pos) + 1 || text.length).split('\n');
  for (const line of below) if (!scan(line)) break;
  return out;
}

/** Reads the current line: `key: value`, and flow collections opened on it. */
function lineContext(content: string, path: PathSeg[], from: number, siblings: string[]): CursorContext {
  type Frame = { kind: '{' | '['; keys: PathSeg[]; seen: string[] };
  const stack: Frame[] = [];
  let segment = '';
  let lineKey: string | undefined;
  let quote: string | undefined;
  for (const ch of content) {
    if (quote) {
      if (ch === quote) quote = undefined;
      segment += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      segment += ch;
    } else if (ch === '{' || ch === '[') {
      const key = keyOf(segment);
      const top = stack[stack.length - 1];
      const keys: PathSeg[] = top ? [...top.keys, ...(top.kind === '[' ? ['*' as const] : key !== undefined ? [key] : [])] : key !== undefined ? [key] : lineKey !== undefined ? [lineKey] : [];
      stack.push({ kind: ch, keys, seen: [] });
      segment = '';
    } else if (ch === '}' || ch === ']') {
      stack.pop();
      segment = '';
    } else if (ch === ',') {
      const top = stack[stack.length - 1];
      const k = keyOf(segment);
      if (top && k !== undefined) top.seen.push(k);
      segment = '';
    } else {
      segment += ch;
      if (!stack.length && lineKey === undefined) {
        const m = /^\s*([^\s:#][^:#]*?)\s*:\s$/.exec(segment);
        if (m) {
          lineKey = unquote(m[1]!);
          segment = '';
        }
      }
    }
  }
  const top = stack[stack.length - 1];
  if (top) {
    if (top.kind === '[') return { path: [...path, ...top.keys, '*'], mode: 'value', from, siblings: [] };
    const k = keyOf(segment);
    if (k !== undefined && /:\s/.test(segment)) return { path: [...path, ...top.keys, k], mode: 'value', from, siblings: [] };
    return { path: [...path, ...top.keys], mode: 'key', from, siblings: top.seen };
  }
  if (lineKey !== undefined) return { path: [...path, lineKey], mode: 'value', from, siblings: [] };
  return { path, mode: 'key', from, siblings };
}

function keyOf(segment: string): string | undefined {
  const m = /^\s*("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:/.exec(segment);
  return m ? unquote(m[1]!) : undefined;
}

function inComment(before: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const ch = before[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#' && (i === 0 || /\s/.test(before[i - 1]!))) return true;
  }
  return false;
}
