import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const bin = join(ROOT, 'bin', 'vbrwall.js');
const vbrwall = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: ROOT });

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
});
