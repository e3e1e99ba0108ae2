import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneLineFast } from './line.js';
import { oneLine } from './text.js';

describe('oneLineFast', () => {
  it('is oneLine for every input', () => {
    const chars = fc.constantFrom('a', 'é', '名', ' ', '  ', '\t', '\n', '\r', '\u0000', '\u0085', '\u00a0', '\u2028', '\u2029', '\u3000', '\ufeff', '\u007f', '\u{1f600}', '-', '|');
    fc.assert(fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), (s) => oneLineFast(s) === oneLine(s)), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => oneLineFast(s) === oneLine(s)), { numRuns: 5000 });
  });
  it('returns clean text as it is', () => {
    expect(oneLineFast('tcp 443, 902')).toBe('tcp 443, 902');
    expect(oneLineFast(' a  b\n')).toBe('a b');
  });
});
