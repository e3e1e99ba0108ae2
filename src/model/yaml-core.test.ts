import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CORE_LIKE_YAML } from './yaml-core.js';

/** A plain scalar read by js-yaml with CORE_LIKE_YAML, or undefined when js-yaml refuses the line. */
const quick = (s: string): unknown => {
  try {
    return (jsyaml.load(`k: ${s}`, { schema: CORE_LIKE_YAML }) as { k: unknown }).k;
  } catch {
    return undefined;
  }
};
const full = (s: string): unknown => {
  try {
    return (parse(`k: ${s}`, { schema: 'core' }) as { k: unknown }).k;
  } catch {
    return undefined;
  }
};

describe('CORE_LIKE_YAML (js-yaml read as yaml reads the YAML 1.2 core schema)', () => {
  it('reads each plain scalar as yaml does: null, bool, int, float or string (property)', () => {
    // Characters the patterns are made of, and a few that none starts with.
    const scalar = fc.string({ unit: fc.constantFrom(...'0123456789+-.eExXoOabcfABCFnNuUlLtTrRsS~iIzZ_:/'), minLength: 0, maxLength: 8 });
    fc.assert(
      fc.property(scalar, (s) => {
        const a = quick(s);
        const b = full(s);
        if (a === undefined || b === undefined) return;
        expect(Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('still reads the forms that start with each allowed first character', () => {
    expect(['~', 'null', 'Null', 'NULL', 'true', 'False', '0o17', '-12', '+3', '0x1F', '.inf', '-.Inf', '.NaN', '1e3', '+.5', '10.0.0.1', 'backup-server'].map(quick)).toEqual([null, null, null, null, true, false, 15, -12, 3, 31, Infinity, -Infinity, NaN, 1000, 0.5, '10.0.0.1', 'backup-server']);
  });
});
