/**
 * Block YAML for the plain data of an Aerleon policy (maps, lists and strings), written directly:
 * the same text the `yaml` library gives with this target's options (every string double-quoted
 * as JSON, plain keys, no line folding, lists indented under their key), in a fraction of the
 * time. The tests compare both on every fixture and on random data.
 * @module
 */
import { Document } from 'yaml';
import { Lines } from '../_shared/chunks.js';

/** Where lines go: an array, or chunks. */
type Sink = { push(...lines: string[]): unknown };

export type YamlValue = string | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

/** Keys YAML 1.2 (core schema) would read as something else than a string. */
const NOT_A_STRING = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL)$/;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A map key: plain when it can be, double-quoted when YAML would read it as no string; other keys (never made by this target) as the yaml library writes them. */
export function yamlKey(k: string): string {
  if (PLAIN_KEY.test(k)) return NOT_A_STRING.test(k) ? JSON.stringify(k) : k;
  return new Document({ [k]: '' }).toString(YAML_OPTIONS).slice(0, -': ""\n'.length);
}

/** yamlKey() remembered: a policy repeats the same few keys (`name`, `comment`, …) in every term. */
const KEYS = new Map<string, string>();
const keyText = (k: string): string => {
  let t = KEYS.get(k);
  if (t === undefined) {
    t = yamlKey(k);
    if (KEYS.size < 10_000) KEYS.set(k, t);
  }
  return t;
};

export const YAML_OPTIONS = { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', doubleQuotedAsJSON: true, lineWidth: 0 } as const;

/** A document: `#` comment lines (` text`, or empty), an empty line, then the value. */
export function yamlDocument(commentLines: readonly string[], value: YamlValue): string {
  return yamlDocumentLines(commentLines, value).text();
}

/** yamlDocument() as lines (the last one empty, for the final newline), joined in chunks as they come (_shared/chunks.ts): a large policy is tens of thousands of lines. */
export function yamlDocumentLines(commentLines: readonly string[], value: YamlValue): Lines {
  const out = new Lines();
  if (commentLines.length) {
    // As the yaml library writes comments: a line of one space becomes a lone `#`.
    for (const l of commentLines.join('\n').split('\n')) out.push(l === '' ? '' : l === ' ' ? '#' : `#${l}`);
    out.push('');
  }
  if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (Array.isArray(value)) value.length ? seq(out, value, '') : out.push('[]');
  else mapLines(out, value as { readonly [key: string]: YamlValue | undefined }, '', '');
  out.add('');
  return out;
}

const isEmpty = (v: YamlValue): boolean => (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && Object.keys(v).length === 0);

/** The entries of a map, the first one after `first` (`- ` of a list item, or the indent). */
function mapLines(out: Sink, m: { readonly [key: string]: YamlValue | undefined }, indent: string, first: string): void {
  let lead = first || indent;
  let any = false;
  for (const k in m) {
    const v = m[k];
    if (v === undefined) continue;
    any = true;
    const key = `${lead}${keyText(k)}:`;
    lead = indent;
    if (typeof v === 'string') out.push(`${key} ${JSON.stringify(v)}`);
    else if (isEmpty(v)) out.push(`${key} ${Array.isArray(v) ? '[]' : '{}'}`);
    else {
      out.push(key);
      if (Array.isArray(v)) seq(out, v, `${indent}  `);
      else mapLines(out, v as { readonly [key: string]: YamlValue | undefined }, `${indent}  `, '');
    }
  }
  if (!any) out.push(`${first || indent}{}`);
}

function seq(out: Sink, xs: readonly YamlValue[], indent: string): void {
  for (const x of xs) {
    if (typeof x === 'string') out.push(`${indent}- ${JSON.stringify(x)}`);
    else if (isEmpty(x)) out.push(`${indent}- ${Array.isArray(x) ? '[]' : '{}'}`);
    else if (Array.isArray(x)) {
      // A list in a list starts on the item's line, as the yaml library writes it.
      const inner: string[] = [];
      seq(inner, x, `${indent}  `);
      inner[0] = `${indent}- ${inner[0]!.slice(indent.length + 2)}`;
      out.push(...inner);
    } else mapLines(out, x as { readonly [key: string]: YamlValue | undefined }, `${indent}  `, `${indent}- `);
  }
}
