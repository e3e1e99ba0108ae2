import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../cli/commands/check.js';
import { UsageError } from '../cli/exit.js';
import type { Values } from '../cli/io.js';
import { deploymentJsonSchema } from '../model/schema.js';
import { loadDeployment } from '../model/load.js';
import { CHECKS } from './registry.js';
import { fixturePath, ROOT } from '../../test/helpers.js';

const checkFixturePath = (name: string): string => (name === 'four-zone' ? fixturePath('four-zone') : join(ROOT, 'test', 'fixtures', 'checks', `${name}.yaml`));

async function check(args: { file?: string; values?: Values; cwd?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run({
    io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: args.cwd ?? process.cwd() },
    values: args.values ?? {},
    positionals: args.file ? [args.file] : [],
  });
  return { code, stdout, stderr };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of a fixture with text appended, in a temporary directory. */
function withText(name: string, extra: string): { cwd: string; file: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'vbrwall-check-'));
  tempDirs.push(cwd);
  writeFileSync(join(cwd, 'site.yaml'), readFileSync(checkFixturePath(name), 'utf8') + extra);
  return { cwd, file: 'site.yaml' };
}

describe('vbrwall check: golden output for the four-zone example', () => {
  it.each([
    ['json', 'four-zone.json'],
    ['table', 'four-zone.table.txt'],
    ['md', 'four-zone.md'],
    ['sarif', 'four-zone.sarif.json'],
  ])('--format %s', async (format, golden) => {
    const r = await check({ values: { format } });
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot(`__golden__/${golden}`);
  });

  it('json follows the contract: every check once, with id, title, severity, status, evidence and source', async () => {
    const json = JSON.parse((await check({ values: { format: 'json' } })).stdout) as { findings: Record<string, unknown>[] };
    expect(json.findings.map((f) => f.id)).toEqual(CHECKS.map((c) => c.id));
    for (const f of json.findings) {
      expect(f).toMatchObject({ id: expect.any(String), title: expect.any(String), severity: expect.any(String), status: expect.any(String), evidence: expect.any(Array) });
      expect(f.source).toEqual({ page: expect.any(String), section: expect.any(String) });
    }
    expect(json.findings.find((f) => f.id === 'em-on-backup-server')).toMatchObject({
      severity: 'high',
      status: 'passed',
      source: { page: 'securing_backup_infrastructure.md', section: 'Veeam Backup Enterprise Manager' },
    });
  });

  it('is deterministic', async () => {
    for (const format of ['json', 'table', 'md', 'sarif']) expect((await check({ values: { format } })).stdout).toBe((await check({ values: { format } })).stdout);
  });
});

describe('vbrwall check: exit status, --fail-on, --severity, --ignore', () => {
  it('fails on a high finding by default and not with --fail-on critical', async () => {
    expect((await check()).code).toBe(1);
    expect((await check({ values: { 'fail-on': 'critical' } })).code).toBe(0);
    expect((await check({ file: checkFixturePath('hardened') })).code).toBe(0);
    expect((await check({ file: checkFixturePath('weak'), values: { 'fail-on': 'critical' } })).code).toBe(1);
  });

  it('--fail-on low fails on a low finding', async () => {
    const ids = CHECKS.filter((c) => c.severity !== 'low').map((c) => c.id);
    const { cwd, file } = withText('weak', `ignore:\n${ids.map((id) => `  - { id: ${id}, reason: accepted }`).join('\n')}\n`);
    expect((await check({ cwd, file })).code).toBe(0);
    expect((await check({ cwd, file, values: { 'fail-on': 'low' } })).code).toBe(1);
  });

  it('--severity shows only checks at or above it', async () => {
    const json = JSON.parse((await check({ values: { format: 'json', severity: 'high' } })).stdout) as { findings: { severity: string }[] };
    expect(json.findings.length).toBe(CHECKS.filter((c) => c.severity === 'high' || c.severity === 'critical').length);
    expect(json.findings.every((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true);
  });

  it('--ignore suppresses a check: it still appears, with its status and the reason', async () => {
    const r = await check({ values: { format: 'json', ignore: ['backup-server-egress'] } });
    expect(r.code).toBe(0);
    const f = (JSON.parse(r.stdout) as { findings: { id: string }[] }).findings.find((x) => x.id === 'backup-server-egress');
    expect(f).toMatchObject({ status: 'not-implemented', suppressed: 'ignored with --ignore' });
    expect((await check({ values: { ignore: ['backup-server-egress'] } })).stdout).toMatch(/SUPPRESSED\n {2}high {6}backup-server-egress .*\n {12}not implemented; suppressed: ignored with --ignore/);
  });

  it('ignore: in the file suppresses with its reason', async () => {
    const { cwd, file } = withText('four-zone', 'ignore:\n  - { id: backup-server-egress, reason: S3 goes through the proxy appliance }\n');
    const r = await check({ cwd, file, values: { format: 'json' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.find((x: { id: string }) => x.id === 'backup-server-egress')).toMatchObject({ suppressed: 'S3 goes through the proxy appliance' });
  });

  it('an unknown check id in ignore: is bad input, with its position', async () => {
    const { cwd, file } = withText('four-zone', 'ignore:\n  - { id: backup-server-egres, reason: typo }\n');
    const r = await check({ cwd, file });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/site\.yaml:\d+:\d+: error MODEL_TYPE: ignore: 'backup-server-egres' is not a check id/);
    expect(r.stderr).toMatch(/did you mean 'backup-server-egress'\?/);
  });

  it('a configuration backup target that is not a host, or holds no repository, is bad input', async () => {
    const a = withText('four-zone', 'security:\n  config-backup: { repository: repo03 }\n');
    const ra = await check(a);
    expect(ra.code).toBe(2);
    expect(ra.stderr).toMatch(/error MODEL_TYPE: security\.config-backup\.repository: 'repo03' is not a host/);
    const b = withText('four-zone', 'security:\n  config-backup: { repository: em01 }\n');
    expect((await check(b)).stderr).toMatch(/'em01' holds no backup repository/);
  });

  it('rejects bad options as usage errors', async () => {
    await expect(check({ values: { ignore: ['no-such-check'] } })).rejects.toBeInstanceOf(UsageError);
    await expect(check({ values: { format: 'xml' } })).rejects.toBeInstanceOf(UsageError);
    await expect(check({ values: { severity: 'urgent' } })).rejects.toBeInstanceOf(UsageError);
    await expect(check({ values: { 'fail-on': 'none' } })).rejects.toBeInstanceOf(UsageError);
  });

  it('a file that does not load exits 2', async () => {
    expect((await check({ file: 'no-such-file.yaml' })).code).toBe(2);
  });
});

describe('vbrwall check: SARIF', () => {
  it('places results at the fields of the file and ranks them for code scanning', async () => {
    const file = checkFixturePath('weak');
    const sarif = JSON.parse((await check({ file, values: { format: 'sarif' } })).stdout);
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.rules).toHaveLength(CHECKS.length);
    const em = run0.results.find((r: { ruleId: string }) => r.ruleId === 'em-on-backup-server');
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith('  vbr01:')) + 1;
    expect(em).toMatchObject({ kind: 'fail', level: 'error', locations: [{ physicalLocation: { region: { startLine: line } } }] });
    expect(run0.tool.driver.rules.find((r: { id: string }) => r.id === 'internet-exposure').properties['security-severity']).toBe('9.5');
    const passed = run0.results.find((r: { ruleId: string }) => r.ruleId === 'no-immutable-or-offline-copy');
    expect(passed).toMatchObject({ kind: 'pass', level: 'none' });
  });
});

describe('security: in the deployment file', () => {
  it('is published in the JSON Schema with a description for every setting', () => {
    const schema = deploymentJsonSchema() as { properties: { security: { properties: Record<string, { description?: string; properties?: Record<string, { description?: string }> }>; additionalProperties: unknown } } };
    const sec = schema.properties.security;
    expect(sec.additionalProperties).toBe(false);
    for (const [k, v] of Object.entries(sec.properties)) {
      expect(v.description, k).toBeTruthy();
      for (const [kk, vv] of Object.entries(v.properties ?? {})) expect(vv.description, `${k}.${kk}`).toBeTruthy();
    }
    expect(Object.keys(sec.properties)).toEqual(expect.arrayContaining(['mfa', 'auto-logoff-minutes', 'traffic-encryption', 'linux-host-authentication', 'config-backup', 'password-loss-protection', 'backup-encryption', 'immutability', 'smb-signing', 'smb-encryption', 'backup-server-domain', 'tape', 'rotated-drives', 'copy-jobs', 'email-notifications']));
  });

  it('wrong settings are reported with their positions', () => {
    const text = readFileSync(checkFixturePath('four-zone'), 'utf8') + 'security:\n  mfa: yes please\n  auto-logof-minutes: 10\n  backup-server-domain: prod\n';
    const r = loadDeployment(text, 'site.yaml');
    expect(r.ok).toBe(false);
    const at = (s: string) => [text.lastIndexOf(s), text.lastIndexOf(s) + s.length];
    expect(r.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'MODEL_TYPE', path: ['security', 'mfa'], range: at('yes please') }),
        expect.objectContaining({ code: 'MODEL_UNKNOWN_FIELD', path: ['security', 'auto-logof-minutes'], hint: expect.stringContaining("did you mean 'auto-logoff-minutes'") }),
        expect.objectContaining({ code: 'MODEL_TYPE', path: ['security', 'backup-server-domain'], range: at('prod') }),
      ]),
    );
  });
});
