/**
 * Completion from the JSON Schema: field names where a key is typed, enum values, booleans and
 * the deployment's own zone names where a value is typed.
 * @module
 */
import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { contextAt } from './context.js';
import { schemasAt, typesOf, type JsonSchema, type PathSeg } from './schema.js';

export interface CompletionData {
  schema: () => JsonSchema | undefined;
  /** Values that depend on the document (zone names), by the key they are typed for. */
  dynamic: (path: readonly PathSeg[]) => { label: string; detail?: string }[];
  /** Short descriptions of enum values (roles). */
  describe: (value: string) => string | undefined;
}

export function schemaCompletion(data: CompletionData): CompletionSource {
  return (cx: CompletionContext): CompletionResult | null => {
    const schema = data.schema();
    if (!schema) return null;
    const text = cx.state.doc.toString();
    const at = contextAt(text, cx.pos);
    if (!at) return null;
    // Typing: keys once a letter is typed; values right after `key: `, `[` or `,`.
    if (!cx.explicit && at.from === cx.pos && at.mode === 'key') return null;
    const schemas = schemasAt(schema, at.path);
    const options: Completion[] = [];
    const seen = new Set<string>();
    const add = (c: Completion) => {
      if (seen.has(c.label)) return;
      seen.add(c.label);
      options.push(c);
    };
    if (at.mode === 'key') {
      for (const s of schemas) {
        for (const [key, sub] of Object.entries(s.properties ?? {})) {
          if (at.siblings.includes(key) || key === '$schema') continue;
          const types = typesOf(sub).concat((sub.anyOf ?? []).flatMap(typesOf));
          const block = types.includes('object') && !types.includes('string');
          add({ label: key, type: 'property', detail: types.join(' | ') || undefined, info: sub.description, apply: block ? `${key}:\n` : `${key}: `, boost: 1 });
        }
      }
    }
    // A list item or a value: enum values, booleans, zone names.
    if (at.mode === 'value' || options.length === 0) {
      for (const s of schemas) {
        for (const v of s.enum ?? []) add({ label: String(v), type: 'enum', info: data.describe(String(v)) ?? s.description });
        if (typesOf(s).includes('boolean')) {
          add({ label: 'true', type: 'keyword' });
          add({ label: 'false', type: 'keyword' });
        }
      }
      for (const d of data.dynamic(at.path)) add({ label: d.label, type: 'variable', detail: d.detail });
    }
    if (!options.length) return null;
    return { from: at.from, options, validFor: /^[\w.-]*$/ };
  };
}
