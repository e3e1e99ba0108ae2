import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('vbrwall audit on two threads', () => {
  const audit = (threads: '1' | '2', ...args: string[]) =>
    spawnSync(process.execPath, [bin, 'audit', ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, VBRWALL_THREADS: threads } });
  const FX = 'test/fixtures/audit';

  it.each([
    ['four-zone.zone-firewall.iptables-save', ['--scope', 'zone-firewall']],
    ['four-zone.zone-firewall.nft', ['--scope', 'zone-firewall']],
    ['four-zone.zone-firewall.nft.json', ['--scope', 'zone-firewall']],
    ['four-zone.zone-firewall.csv', ['--scope', 'zone-firewall']],
    ['four-zone.repo01.iptables-save', ['--host', 'repo01']],
    ['repo01.ufw.txt', ['--host', 'repo01']],
    ['vbr01.windows.json', ['--host', 'vbr01']],
  ])('%s: the excess and dead rules found by the worker thread are the ones found by one thread', (file, scope) => {
    for (const format of ['json', 'table']) {
      const two = audit('2', 'examples/four-zone.yaml', '--ruleset', `${FX}/${file}`, ...scope, '--format', format);
      const one = audit('1', 'examples/four-zone.yaml', '--ruleset', `${FX}/${file}`, ...scope, '--format', format);
      expect(one.status, one.stderr).toBeLessThan(2);
      expect(two.status).toBe(one.status);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stdout).toBe(one.stdout);
    }
    // The fixture has findings of the worker's kinds, so the comparison compares something.
    const json = JSON.parse(audit('2', 'examples/four-zone.yaml', '--ruleset', `${FX}/${file}`, ...scope, '--format', 'json').stdout) as { excess: unknown[]; shadowed: unknown[] };
    expect(json.excess.length + json.shadowed.length).toBeGreaterThan(0);
  });

  it('bad input: exit 2 with the same message, and the worker does not keep the process alive', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vbrwall-audit-'));
    try {
      const bad = join(tmp, 'bad.rules');
      writeFileSync(bad, '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -s 10.0.0.1 --bogus-option -j ACCEPT\nCOMMIT\n');
      const two = audit('2', 'examples/four-zone.yaml', '--ruleset', bad);
      const one = audit('1', 'examples/four-zone.yaml', '--ruleset', bad);
      expect(one.status).toBe(2);
      expect(two.status).toBe(2);
      expect(two.stderr).toBe(one.stderr);
      expect(two.stderr).toContain('bad.rules:3:');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the audit worker thread (built module)', () => {
  it('gives the analyses that one thread gives, and fails loudly on a ruleset it cannot parse', async () => {
    const dist = (p: string) => import(join(ROOT, 'dist', p));
    const { startAnalyses } = (await dist('audit/threads.js')) as typeof import('../../src/audit/threads.js');
    const { heavyAnalyses, auditContext } = (await dist('audit/audit.js')) as typeof import('../../src/audit/audit.js');
    const { parseRuleset } = (await dist('audit/parse/registry.js')) as typeof import('../../src/audit/parse/registry.js');
    const { loadDeployment } = (await dist('model/load.js')) as typeof import('../../src/model/load.js');
    const { buildPlan } = (await dist('plan/plan.js')) as typeof import('../../src/plan/plan.js');
    const { readFileSync } = await import('node:fs');
    const deploymentText = readFileSync(join(ROOT, 'examples', 'four-zone.yaml'), 'utf8');
    const rulesetFile = 'test/fixtures/audit/four-zone.zone-firewall.iptables-save';
    const rulesetText = readFileSync(join(ROOT, rulesetFile), 'utf8');
    const scope = { kind: 'zone-firewall' } as const;
    const job = { deploymentText, deploymentFile: 'four-zone.yaml', planOptions: {}, rulesetText, rulesetFile, format: 'auto', lenient: false, scope, excess: true, deadRules: true };
    const theirs = await startAnalyses(job).result;
    const loaded = loadDeployment(deploymentText, 'four-zone.yaml');
    if (!loaded.ok) throw new Error('four-zone does not load');
    const plan = buildPlan(loaded.value.deployment);
    const acl = parseRuleset(rulesetText, { file: rulesetFile, lenient: false, deployment: plan.deployment }, 'auto');
    if (!acl.ok) throw new Error('the fixture does not parse');
    const mine = heavyAnalyses(auditContext(plan, acl.value, scope, []), { excess: true, deadRules: true });
    expect(theirs.excess.length).toBeGreaterThan(0);
    expect(theirs).toEqual(mine);
    await expect(startAnalyses({ ...job, rulesetText: '*filter\n-A NOPE -j ACCEPT\n' }).result).rejects.toThrow(/did not parse/);
  });
});
