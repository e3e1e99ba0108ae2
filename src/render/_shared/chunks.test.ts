import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filePieces, Lines, linesFile } from './chunks.js';

describe('Lines', () => {
  it('text() is every line pushed joined by newlines, whatever the chunk size', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 60 }), fc.integer({ min: 1, max: 40 }), (lines, size) => {
        const l = new Lines(size);
        lines.forEach((x, i) => (i % 3 === 1 ? l.add(x) : i % 3 === 2 ? l.addAll([x]) : l.push(x)));
        expect(l.text()).toBe(lines.join('\n'));
      }),
      { numRuns: 3000 },
    );
  });
  it('addLines() adds the lines of another, as if pushed one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 5 }), { maxLength: 8 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 8 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 8 }), (a, b, c) => {
        const inner = new Lines(4);
        inner.addAll(b);
        const outer = new Lines(4);
        outer.addAll(a);
        outer.addLines(inner);
        outer.addAll(c);
        expect(outer.count).toBe(a.length + b.length + c.length);
        expect(outer.text()).toBe([...a, ...b, ...c].join('\n'));
      }),
      { numRuns: 2000 },
    );
  });
  it('linesFile(): content is the text, and its pieces joined by newlines', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (lines, size) => {
        const l = new Lines(size);
        l.addAll(lines);
        const f = linesFile('a.txt', l);
        expect(filePieces(f)!.join('\n')).toBe(lines.join('\n'));
        expect(f.content).toBe(lines.join('\n'));
        expect(f.content).toBe(lines.join('\n'));
        expect({ ...f }).toEqual({ path: 'a.txt', content: lines.join('\n') });
      }),
      { numRuns: 1000 },
    );
    expect(filePieces({ path: 'b', content: 'x' })).toBeUndefined();
  });
  it('keeps empty lines, and gives nothing for no line', () => {
    const l = new Lines(2);
    l.push('', 'a', '', '');
    expect(l.text()).toBe('\na\n\n');
    expect(new Lines().text()).toBe('');
  });
});
