import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const bin = join(ROOT, 'bin', 'vbrwall.js');
const vbrwall = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: ROOT });

/** Every file under a folder, by relative path, with its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

describe('the built CLI, as a user runs it', () => {
  it('npm start: prints the plan of the bundled example with the zone-pair summary', () => {
    const r = vbrwall('plan');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Four-zone reference design');
    expect(r.stdout).toContain('Zone pairs');
  });

  it('bad input: file, line, column, code and exit 2, never a stack trace', () => {
    const r = vbrwall('plan', 'test/fixtures/bad/unknown-role.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown-role\.yaml:\d+:\d+: error MODEL_UNKNOWN_ROLE/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a missing file and an unknown command exit 2', () => {
    expect(vbrwall('plan', 'nope.yaml').status).toBe(2);
    expect(vbrwall('plna').stderr).toContain("did you mean 'plan'");
  });

  it('render --target all on a large deployment: two threads write the same files as one', async () => {
    const { largeDeployment } = (await import(join(ROOT, 'bench', 'gen-large.mjs'))) as { largeDeployment: (hosts: number, zones: number) => string };
    const tmp = mkdtempSync(join(tmpdir(), 'vbrwall-all-'));
    try {
      const file = join(tmp, 'large.yaml');
      writeFileSync(file, largeDeployment(400, 8));
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(32 * 1024); // large enough for the worker thread
      const two = spawnSync(process.execPath, [bin, 'render', file, '--target', 'all', '--out', join(tmp, 'two'), '--allow-partial'], { encoding: 'utf8' });
      const one = spawnSync(process.execPath, [bin, 'render', file, '--target', 'all', '--out', join(tmp, 'one'), '--allow-partial'], { encoding: 'utf8', env: { ...process.env, VBRWALL_THREADS: '1' } });
      expect(two.status, two.stderr).toBe(0);
      expect(one.status, one.stderr).toBe(0);
      expect(two.stderr.split('\n').at(-2)).toBe(one.stderr.split('\n').at(-2)!.replace('/one', '/two'));
      const a = tree(join(tmp, 'two'));
      const b = tree(join(tmp, 'one'));
      expect(a.size).toBeGreaterThan(16);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [k, v] of a) expect(v, k).toBe(b.get(k));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
