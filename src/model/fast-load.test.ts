import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastLoad, fullLoad } from './load.js';

const root = join(import.meta.dirname, '..', '..');
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}
const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'test', 'fixtures'))];

/** Drops what has no JSON form (functions), so that two results compare as data. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));

describe('the quick load path', () => {
  it('finds fixtures to compare', () => expect(files.length).toBeGreaterThan(5));

  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s: the quick path gives what the full path gives, or steps aside', (_name, f) => {
    const text = readFileSync(f, 'utf8');
    const fast = fastLoad(text, 'd.yaml');
    const full = fullLoad(text, 'd.yaml');
    if (!fast) return expect(full.ok && full.diagnostics.length === 0 && !/[&*!]|<</.test(text)).toBe(false);
    expect(full.ok).toBe(true);
    expect(plain(fast)).toEqual(plain(full));
  });

  it('the example and the large deployment take the quick path', () => {
    expect(fastLoad(readFileSync(join(root, 'examples', 'four-zone.yaml'), 'utf8'))?.ok).toBe(true);
  });

  it('gives the document with positions on demand', () => {
    const text = readFileSync(join(root, 'examples', 'four-zone.yaml'), 'utf8');
    const fast = fastLoad(text);
    expect(fast?.ok && String(fast.value.doc.get('name'))).toBe(String(fullLoad(text).ok && (fullLoad(text) as { value: { doc: { get(k: string): unknown } } }).value.doc.get('name')));
  });

  // Scalars that YAML 1.1 and 1.2 (and parsers) read differently: both paths must agree on each,
  // wherever it stands (a string field, a number field, a key).
  const tricky = ['yes', 'No', 'on', 'OFF', 'true', 'True', 'TRUE', 'false', 'null', 'Null', '~', '', '0x1F', '0o17', '017', '0b101', '1_000', '+1', '-0', '1e3', '1.5', '.5', '.inf', '-.Inf', '.NaN', '+.5', '-0x1F', '+0o17', '0x1f', '1E3', '08', '2024-01-01', '13.0', '13', '12:30', 'a b', "'q'", '"d"', 'x:y', '10.0.0.1', '::1', 'fd00::/64', '0.0.0.0/0'];
  it('reads every scalar as the full path does, in every place (property)', () => {
    const taken = { fast: 0, full: 0 };
    fc.assert(
      fc.property(fc.constantFrom(...tricky), fc.constantFrom(...tricky), fc.constantFrom(...tricky), fc.constantFrom('13.0', '13', '"13.0"', '13.0.1', '12', '13.0_1'), (name, desc, key, version) => {
        const text = `name: ${name}\nvbr: { version: ${version} }\nzones:\n  m: { cidrs: [10.0.0.0/8], description: ${desc} }\nhosts:\n  ${key || 'k'}: { address: 10.0.0.1, roles: [backup-server], os: windows, description: ${desc} }\n`;
        const fast = fastLoad(text, 'd.yaml');
        const full = fullLoad(text, 'd.yaml');
        taken[fast ? 'fast' : 'full']++;
        // Stepping aside is always safe (the full path decides); what it returns must be the same.
        if (fast) expect(plain(fast)).toEqual(plain(full));
      }),
      { numRuns: 300 },
    );
    // Both paths were exercised: valid files went the quick way, problems the full way.
    expect(taken.fast).toBeGreaterThan(10);
    expect(taken.full).toBeGreaterThan(10);
  });
});
