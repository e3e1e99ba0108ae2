import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/helpers.js';
import { COMMANDS, run } from './main.js';

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await run(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: ROOT });
  return { code, out, err };
}

describe('cli', () => {
  it.each([
    [['--help'], 0, /Commands:/],
    [['plan', '--help'], 0, /--no-failover/],
    [['plan', '--format', 'json'], 0, /"flows"/],
    [['plan', '--format', 'csv'], 0, /^from,from_zone,to/],
    [['plan', '--format', 'md'], 0, /^# Four-zone/],
    [['plan', '--phase', 'deploy'], 0, /deploy phase/],
    [['ports', '6162'], 0, /Port 6162/],
    [['roles'], 0, /backup-server/],
    [['errata'], 0, /errata/],
    [['schema'], 0, /"\$schema"/],
    [['targets'], 0, /nftables/],
    [['render', '--target', 'nftables', '--allow-partial'], 0, /policy drop/],
    [['render', '--target', 'nftables'], 1, /policy drop/],
  ] as const)('%j exits %i', async (argv, code, re) => {
    const r = await cli(...argv);
    expect(r.code, r.err).toBe(code);
    expect(r.out).toMatch(re);
  });

  it.each([
    [['plan', '--format', 'xml'], /--format must be one of table, json, csv, md/],
    [['plan', '--bogus'], /Unknown option '--bogus'/],
    [['plan', 'a.yaml', 'b.yaml'], /one FILE/],
    [['ports', 'x'], /one port number/],
    [['ports', '70000'], /one port number/],
    [['render'], /--target is required/],
    [['render', '--target', 'nope'], /unknown target 'nope'/],
    [['render', '--target', 'nftables', '--scope', 'host'], /--scope host needs --host NAME/],
    [['render', '--target', 'nftables', '--host', 'nobody'], /no host 'nobody'/],
    [['nonsense'], /unknown command 'nonsense'/],
    [['plan', 'test/fixtures/bad/unknown-role.yaml'], /unknown-role\.yaml:5:\d+: error MODEL_UNKNOWN_ROLE/],
  ] as const)('%j is bad input (exit 2)', async (argv, re) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(re);
    expect(r.err).not.toMatch(/^\s+at /m);
  });

  it('every command has help and a module', async () => {
    for (const c of COMMANDS) {
      expect((await cli(c.name, '--help')).code).toBe(0);
      expect(typeof (await c.load()).run).toBe('function');
    }
  });
});

describe('render --all-hosts', () => {
  it.each(['wide', 'checks/weak'])('%s: one file for every host with a flow in or out, none for the others', async (name) => {
    const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { planFor } = await import('../../test/helpers.js');
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-hosts-'));
    try {
      const r = await cli('render', `test/fixtures/${name}.yaml`, '--target', 'nftables', '--all-hosts', '--out', dir, '--allow-partial');
      expect(r.code, r.err).toBe(0);
      const plan = planFor(name);
      const want = [...new Set(plan.flows.flatMap((f) => [f.from, f.to]))].map((h) => `${h}.nft`).sort();
      expect(readdirSync(dir).sort()).toEqual(want);
      expect(want.length).toBeGreaterThan(3);
      // weak.yaml has a group of guests that nothing talks to: it gets no file.
      if (name === 'checks/weak') expect(want).not.toContain('win-guests.nft');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
