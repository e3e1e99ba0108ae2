import fc from 'fast-check';
import { Document } from 'yaml';
import { describe, expect, test } from 'vitest';
import { YAML_OPTIONS, yamlDocument, yamlKey, type YamlValue } from './yaml-text.js';

/** The yaml library with this target's options: the reference the direct writer must match. */
function reference(commentLines: readonly string[], value: YamlValue): string {
  const doc = new Document(value);
  if (commentLines.length) doc.commentBefore = commentLines.join('\n');
  return doc.toString(YAML_OPTIONS);
}

// Keys as the target makes them (tokens, term fields) and words YAML reads as no string.
const key = fc.oneof(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,12}$/), fc.constantFrom('source-address', 'destination-port', 'TRUE', 'Null', 'false', 'y', 'NO', '_x', 'a-b'));
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', ' ', 'a\nb', '- x', '#', 'true', '42', '"q"', "it's", '\u2028', '\ud800', 'x: y'));
const { value } = fc.letrec<{ value: YamlValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
const comment = fc.array(fc.oneof(fc.constant(' '), fc.string({ minLength: 1, maxLength: 20 }).map((s) => ` ${s.replace(/\n/g, ' ')}`)), { maxLength: 4 });

describe('yamlDocument', () => {
  test('writes what the yaml library writes, for any maps, lists and strings', () => {
    fc.assert(
      fc.property(comment, fc.dictionary(key, value, { maxKeys: 5 }), (c, v) => {
        expect(yamlDocument(c, v)).toBe(reference(c, v));
      }),
      { numRuns: 1500 },
    );
  });

  test('keys YAML would read as booleans or null are quoted', () => {
    expect(['NULL', 'True', 'FALSE', 'TOKEN_1'].map(yamlKey)).toEqual(['"NULL"', '"True"', '"FALSE"', 'TOKEN_1']);
    expect(yamlDocument([], { NULL: ['x'] })).toBe('"NULL":\n  - "x"\n');
  });
});
