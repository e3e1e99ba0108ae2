import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../../test/helpers.js';
import { auditRuleset } from '../audit-ruleset.js';
import { auditFixture } from '../parse/_test-helpers.js';
import type { AuditScope } from '../scope.js';
import { ByteChunks, chunksOf, utf8 } from './_bytes.js';
import { auditJsonBytes, writeAuditJson } from './json.js';
import { auditMarkdownBytes, formatAuditMarkdown } from './md.js';
import { auditSarifBytes, formatAuditSarif } from './sarif.js';
import { auditTableBytes, formatAuditTable } from './table.js';

/** Text of any kind: quotes, backslashes, controls, lone surrogates, non-ASCII, short and long (both ways of writing). */
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u0080', '\ud800', '\udfff', '\ud83d\ude00', 'é', '→', 'a', ' '), maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('a', 'b', '-', '0', ' '), minLength: 60, maxLength: 200 }),
  // Long plain text with one character that needs escaping or is not ASCII somewhere in it.
  fc
    .tuple(fc.string({ unit: fc.constantFrom('a', ' '), minLength: 0, maxLength: 100 }), fc.constantFrom('"', '\\', '\n', '\u0000', '\u007f', '\u0080', '\ud800', 'é', '→'), fc.string({ unit: fc.constantFrom('b', '-'), minLength: 65, maxLength: 100 }))
    .map(([a, x, b]) => a + x + b),
);

/** What a sequence of writes makes, over every chunk taken. */
function bytesOf(size: number, writes: ((out: ByteChunks) => void)[]): Buffer {
  const out = new ByteChunks(size);
  const chunks: Buffer[] = [];
  for (const w of writes) {
    w(out);
    if (out.full) chunks.push(out.take());
  }
  chunks.push(out.take());
  return Buffer.concat(chunks);
}

describe('ByteChunks (report text as UTF-8 bytes)', () => {
  it('text, quoted, num and bytes write what Buffer.from of the string would (JSON.stringify for quoted, String for num)', () => {
    const op = fc.oneof(
      hostile.map((s) => ({ w: (o: ByteChunks) => o.text(s), t: s })),
      hostile.map((s) => ({ w: (o: ByteChunks) => o.quoted(s), t: JSON.stringify(s) })),
      hostile.map((s) => ({ w: (o: ByteChunks) => o.bytes(utf8(s)), t: s })),
      fc.oneof(fc.integer(), fc.double(), fc.nat()).map((n) => ({ w: (o: ByteChunks) => o.num(n), t: String(n) })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), fc.constantFrom(4, 16, 64, 1 << 20), (ops, size) => {
        // Each write encoded on its own: a lone surrogate half at the end of one never pairs with the next.
        expect(bytesOf(size, ops.map((x) => x.w)).equals(Buffer.concat(ops.map((x) => Buffer.from(x.t, 'utf8'))))).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a chunk only when asked: whole items stay in one chunk, even one longer than the chunk size', () => {
    const out = new ByteChunks(8);
    out.text('x'.repeat(100));
    expect(out.full).toBe(true);
    expect(out.take().toString()).toBe('x'.repeat(100));
    expect(out.length).toBe(0);
    out.quoted('é');
    expect(out.full).toBe(false);
    expect(out.take().toString()).toBe('"é"');
  });
});

describe('the reports as chunks of bytes (what the CLI writes)', () => {
  const CASES: { file: string; scope: AuditScope }[] = [
    { file: 'four-zone.zone-firewall.iptables-save', scope: { kind: 'zone-firewall' } },
    { file: 'four-zone.repo01.iptables-save', scope: { kind: 'host', host: 'repo01' } },
    { file: 'vbr01.windows.json', scope: { kind: 'host', host: 'vbr01' } },
  ];
  const text = (chunks: Iterable<Buffer>): string => Buffer.concat([...chunks]).toString('utf8');

  it.each(CASES)('$file: the same text as the string form of each format (a file name that needs escaping too)', ({ file, scope }) => {
    for (const name of [file, `"x"\\ ${file} → é|`]) {
      const out = auditRuleset(planFor('four-zone'), auditFixture(file), { file: name, scope });
      if (!out.ok) throw new Error(JSON.stringify(out.diagnostics));
      const r = out.report;
      for (const verbose of [false, true]) expect(text(auditTableBytes(r, { verbose }))).toBe(formatAuditTable(r, { verbose }));
      expect(text(auditMarkdownBytes(r))).toBe(formatAuditMarkdown(r));
      expect(text(auditSarifBytes(r))).toBe(formatAuditSarif(r));
      const json: string[] = [];
      writeAuditJson(r, out.diagnostics, (s) => json.push(s));
      expect(text(auditJsonBytes(r, out.diagnostics))).toBe(json.join(''));
    }
  });

  it('chunksOf: pieces joined by sep, then end (each encoded on its own)', () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 20 }), fc.constantFrom('', '\n', ',\n'), fc.constantFrom('', '\n'), (pieces, sep, end) => {
        expect(Buffer.concat([...chunksOf(pieces, sep, end)]).equals(Buffer.concat([...pieces.flatMap((p, i) => (i ? [sep, p] : [p])), end].map((x) => Buffer.from(x, 'utf8'))))).toBe(true);
      }),
    );
  });
});
