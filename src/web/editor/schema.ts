/**
 * The published JSON Schema (GET /api/schema) read for the editor: the schemas at a path, and a
 * validator over the parsed YAML nodes, so that problems point at their place as you type. It
 * understands the keywords the schema uses (type, properties, additionalProperties, required,
 * enum, items, minItems, minLength, pattern, minimum, maximum, anyOf).
 * @module
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export type PathSeg = string | number | '*';

/** Every schema that can apply at a path (anyOf alternatives expanded). */
export function schemasAt(root: JsonSchema, path: readonly PathSeg[]): JsonSchema[] {
  let current = expand(root);
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of current) {
      if (typeof seg === 'number' || seg === '*') {
        if (s.items) next.push(...expand(s.items));
      } else if (s.properties?.[seg]) next.push(...expand(s.properties[seg]!));
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') next.push(...expand(s.additionalProperties));
    }
    current = next;
  }
  return current;
}

const expand = (s: JsonSchema): JsonSchema[] => {
  const alts = s.anyOf ?? s.oneOf;
  return alts ? alts.flatMap((a) => expand({ ...s, anyOf: undefined, oneOf: undefined, ...a })) : [s];
};

export const typesOf = (s: JsonSchema): string[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);

export interface SchemaProblem {
  from: number;
  to: number;
  severity: 'error' | 'warning';
  message: string;
  /** The field, as in the CLI's messages. */
  path: (string | number)[];
}

/** Parses the text and checks it against the schema: YAML syntax errors first, then the schema. */
export function validateText(text: string, schema: JsonSchema): SchemaProblem[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const out: SchemaProblem[] = doc.errors.map((e) => ({
    from: e.pos[0],
    to: Math.max(e.pos[1], e.pos[0] + 1),
    severity: 'error' as const,
    message: e.message.split('\n')[0] ?? e.message,
    path: [],
  }));
  if (out.length) return out;
  if (doc.contents) check(doc.contents as Node, schema, [], out);
  return out;
}

function jsonType(node: Node): string {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
    if (typeof v === 'boolean') return 'boolean';
    return 'string';
  }
  return 'unknown';
}

const typeOk = (actual: string, allowed: string[]): boolean =>
  allowed.length === 0 || allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));

const range = (n: Node | null | undefined): [number, number] => {
  const r = n?.range;
  return r ? [r[0], Math.max(r[1], r[0] + 1)] : [0, 1];
};

const typeName = (t: string): string => ({ object: 'a mapping', array: 'a list', string: 'a string', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'empty' })[t] ?? t;

function check(node: Node, schema: JsonSchema, path: (string | number)[], out: SchemaProblem[]): void {
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) {
    const base = { ...schema, anyOf: undefined, oneOf: undefined };
    const tries = alts.map((a) => {
      const o: SchemaProblem[] = [];
      check(node, { ...base, ...a }, path, o);
      return o;
    });
    if (tries.some((t) => t.length === 0)) return;
    const actual = jsonType(node);
    const fitting = alts.findIndex((a) => typeOk(actual, typesOf({ ...base, ...a })));
    if (fitting >= 0) out.push(...tries[fitting]!);
    else {
      const [from, to] = range(node);
      const expected = [...new Set(alts.flatMap((a) => typesOf(a)))].map(typeName).join(' or ');
      out.push({ from, to, severity: 'error', message: `${label(path)} must be ${expected}, not ${typeName(actual)}`, path });
    }
    return;
  }
  const actual = jsonType(node);
  const [from, to] = range(node);
  const types = typesOf(schema);
  if (!typeOk(actual, types)) {
    out.push({ from, to, severity: 'error', message: `${label(path)} must be ${types.map(typeName).join(' or ')}, not ${typeName(actual)}`, path });
    return;
  }
  if (schema.enum && isScalar(node) && !schema.enum.includes(node.value)) {
    out.push({ from, to, severity: 'error', message: `'${String(node.value)}' is not a valid ${label(path)} (Ctrl-Space lists the valid values)`, path });
  }
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') {
      if (schema.minLength !== undefined && v.length < schema.minLength) out.push({ from, to, severity: 'error', message: `${label(path)} must not be empty`, path });
      if (schema.pattern && !safeTest(schema.pattern, v)) out.push({ from, to, severity: 'error', message: `${label(path)}: '${v}' has not the expected form`, path });
    }
    if (typeof v === 'number') {
      if (schema.minimum !== undefined && v < schema.minimum) out.push({ from, to, severity: 'error', message: `${label(path)} must be at least ${schema.minimum}`, path });
      if (schema.maximum !== undefined && v > schema.maximum) out.push({ from, to, severity: 'error', message: `${label(path)} must be at most ${schema.maximum}`, path });
    }
  }
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined) continue;
      seen.add(key);
      const sub = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      if (!sub) {
        if (schema.additionalProperties === false) {
          const [kf, kt] = range(keyNode);
          out.push({ from: kf, to: kt, severity: 'error', message: `unknown field '${key}' in ${label(path)} (Ctrl-Space lists the fields)`, path: [...path, key] });
        }
        continue;
      }
      if (pair.value === null || pair.value === undefined) {
        const t = typesOf(sub);
        if (t.length && !t.includes('null')) {
          const [kf, kt] = range(keyNode);
          out.push({ from: kf, to: kt, severity: 'error', message: `${label([...path, key])} has no value`, path: [...path, key] });
        }
        continue;
      }
      check(pair.value as Node, sub, [...path, key], out);
    }
    for (const r of schema.required ?? []) {
      if (!seen.has(r)) out.push({ from, to: Math.min(to, from + 1), severity: 'error', message: `${path.length ? label(path) : 'the file'} needs '${r}'`, path: [...path, r] });
    }
  }
  if (isSeq(node)) {
    if (schema.minItems !== undefined && node.items.length < schema.minItems) out.push({ from, to, severity: 'error', message: `${label(path)} needs at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'}`, path });
    if (schema.items) node.items.forEach((item, i) => item && check(item as Node, schema.items!, [...path, i], out));
  }
}

const label = (path: readonly (string | number)[]): string => (path.length ? path.join('.') : 'the file');

function safeTest(pattern: string, v: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(v);
  } catch {
    return true;
  }
}

/** The offset of a field given as a dotted path (`hosts.vbr01.roles`), for "show in the editor". */
export function offsetOfField(text: string, dotted: string): number | undefined {
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  let at: number | undefined = (node as Node | null)?.range?.[0];
  for (const seg of dotted.split('.')) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      at = (pair.key as Node).range?.[0] ?? at;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(seg)) {
      node = node.items[Number(seg)];
      at = (node as Node | null)?.range?.[0] ?? at;
    } else break;
  }
  return at;
}
