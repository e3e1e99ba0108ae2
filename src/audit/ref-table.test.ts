import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RuleRef } from './acl.js';
import { refKey } from './evaluate.js';
import { RefTable } from './ref-table.js';

describe('RefTable', () => {
  it('keys references by value, as refKey does', () => {
    const refArb = fc.record(
      { file: fc.constantFrom('a', 'b'), line: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom(2 ** 31, 1.5, -1)), column: fc.constantFrom(1, 2, 2 ** 21), label: fc.constantFrom('x', 'y') },
      { requiredKeys: ['file', 'line', 'label'] },
    );
    fc.assert(
      fc.property(fc.array(refArb, { maxLength: 30 }), (refs: RuleRef[]) => {
        const t = new RefTable<number>();
        const m = new Map<string, number>();
        refs.forEach((r, i) => {
          const copy = { ...r };
          expect(t.get(copy)).toBe(m.get(refKey(r)));
          if (!m.has(refKey(r))) {
            m.set(refKey(r), i);
            t.add(r, i);
          }
          expect(t.get(r)).toBe(m.get(refKey(r)));
        });
        expect([...t.values()]).toEqual([...m.values()]);
      }),
    );
  });
});
