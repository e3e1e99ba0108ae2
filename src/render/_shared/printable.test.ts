import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { oneLine } from './text.js';
import { printable } from './zone.js';

/** printable() without its fast path (the reference). */
const reference = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[^\x20-\x7e]|\?/g, '_')
    .replace(/\s+/g, ' ')
    .trim();

const piece = fc.constantFrom('a', 'Z', '0', ' ', '  ', '?', '~', '!', '\t', '\n', 'é', 'e\u0301', '§', '名', '\u2028', '\u00a0', '\u0007', '😀');

describe('printable', () => {
  test('the fast path for text that is already printable changes nothing', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30, size: 'max' }), (xs) => {
        const s = xs.join('');
        expect(printable(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
    expect(printable('Veeam Backup & Replication (v13)')).toBe('Veeam Backup & Replication (v13)');
    expect(printable(' a  b ')).toBe('a b');
  });
});

describe('oneLine', () => {
  const referenceOneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  test('the fast path for one-line text changes nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.constantFrom('\u0085', '\u3000', '\ufeff', '\r', '\u009f', '\u1680')), { maxLength: 30, size: 'max' }), (xs) => {
        const s = xs.join('');
        expect(oneLine(s)).toBe(referenceOneLine(s));
      }),
      { numRuns: 3000 },
    );
  });
});
