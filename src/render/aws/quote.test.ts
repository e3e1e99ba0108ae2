import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { asciiOnly, clip, oneLine } from '../_shared/text.js';
import { asciiTypography, awsTextUncached, hclComment, hclString, IdentAllocator } from './quote.js';

/** awsText as first written: every code point through the charset, then the cut (the reference). */
function reference(s: string, max: number): string {
  const plain = oneLine(asciiTypography(s))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  const replace: Record<string, string> = { '&': 'and', '>': ' ', '<': ' ', '|': '/', '~': '-', '%': ' pct', '?': ' ', "'": '', '"': '', '`': '' };
  let out = '';
  for (const ch of plain) out += /[A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]/.test(ch) ? ch : (replace[ch] ?? '_');
  return clip(out.replace(/\s+/g, ' ').trim(), max);
}

/** Reference HCL quoting: a loop over code points. */
function referenceHcl(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

// Text built from the characters that matter: spaces and line breaks (collapsed), accents and
// combining marks (dropped), typography (spelled out), replaced and refused characters, astral ones.
const piece = fc.constantFrom('a', 'Z', '9', ' ', '  ', '\n', '\t', '\u00a0', 'é', 'e\u0301', '\u0301', '§', '→', '“', '–', '&', '%', '?', "'", '"', '`', '<', '|', '~', '名', '😀', '\ud800', '\u2028', '\u0007', '$', '{', '${', '%{', '\\', '.', ':');
// Pieces that legalise to (almost) nothing, so that a long text can still come out short.
const shrinking = fc.constantFrom("''", '\u0301\u0301\u0301\u0301', '      \n  ', '``');
const mixed = fc.oneof({ arbitrary: piece, weight: 1 }, { arbitrary: shrinking, weight: 3 });
const text = (maxLength: number) => fc.array(mixed, { maxLength, size: 'max' }).map((xs) => xs.join(''));

describe('aws text', () => {
  test('the early cut of long text gives the same text as legalising all of it', () => {
    fc.assert(
      fc.property(text(400), fc.integer({ min: 4, max: 80 }), (s, max) => {
        expect(awsTextUncached(s, max)).toBe(reference(s, max));
      }),
      { numRuns: 2000 },
    );
  });

  test('hclString with its fast path quotes as the loop does', () => {
    fc.assert(
      fc.property(text(40), (s) => {
        expect(hclString(s)).toBe(referenceHcl(s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('IdentAllocator', () => {
  test('legal names are taken as they are, others cleaned and hashed, all unique', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_\-. ]{0,12}$/), { maxLength: 12 }), (names) => {
        const ids = new IdentAllocator(10);
        const out = names.map((n) => ids.take(n));
        expect(new Set(out).size).toBe(out.length);
        for (const [i, n] of names.entries()) {
          expect(out[i]).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
          if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(n) && !n.includes('__') && n.length <= 10 && names.indexOf(n) === i) expect(out[i]).toBe(n);
        }
      }),
    );
    const ids = new IdentAllocator();
    expect(ids.take('a__b')).toMatch(/^a_b_[0-9a-z]{7}$/);
  });
});

describe('hclComment', () => {
  test('is asciiOnly(asciiTypography(s)) for any text (its fast path for clean ASCII included)', () => {
    fc.assert(fc.property(fc.oneof(text(40), fc.string(), fc.stringMatching(/^[ -~]{0,30}$/)), (s) => {
      expect(hclComment(s)).toBe(asciiOnly(asciiTypography(s)));
    }), { numRuns: 2000 });
  });
});
