/**
 * Imports flow one way (STYLE.md §1): the pipeline stages never import the CLI, the server or the
 * web page, and the catalog, model and plan never import later stages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(n) && !/\.test\.ts$|_test-/.test(n) ? [p] : [];
  });
}
const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => relative(SRC, join(file, '..', m[1]!)));

const RULES: [string, string[]][] = [
  ['catalog', ['model', 'plan', 'policy', 'render', 'audit', 'probe', 'verify', 'checks', 'cli', 'server', 'web']],
  ['model', ['plan', 'policy', 'render', 'audit', 'probe', 'verify', 'checks', 'cli', 'server', 'web']],
  ['plan', ['policy', 'render', 'audit', 'probe', 'verify', 'checks', 'cli', 'server', 'web']],
  ['policy', ['render', 'audit', 'probe', 'verify', 'checks', 'cli', 'server', 'web']],
  ['render', ['cli', 'server', 'web', 'audit', 'probe', 'verify']],
  ['audit', ['cli', 'server', 'web']],
  ['checks', ['cli', 'server', 'web', 'render', 'audit']],
  ['probe', ['cli', 'server', 'web']],
  ['verify', ['cli', 'server', 'web']],
];

describe('layout', () => {
  it.each(RULES)('%s imports none of %j', (stage, banned) => {
    const bad = files(join(SRC, stage)).flatMap((f) => importsOf(f).filter((i) => banned.includes(i.split('/')[0]!)).map((i) => `${relative(SRC, f)} → ${i}`));
    expect(bad).toEqual([]);
  });
});
