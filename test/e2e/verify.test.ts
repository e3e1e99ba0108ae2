/**
 * `vbrwall verify` end to end: throw-away network namespaces, the real nftables and iptables.
 * Needs root, iproute2, nftables and iptables (scripts/ensure-deps.sh installs them) and
 * `npm run build` (verify runs its namespace worker from dist/).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/plan.js';
import { renderRuleset } from '../../src/verify/ruleset.js';
import { fixturePath, loadFixture, ROOT } from '../helpers.js';

/** The built CLI, with probe, listen and verify added when src/cli/main.ts does not list them yet. */

let dir: string;
let driver: string;

interface Report {
  passed: boolean;
  required: { probes: number; passed: number; failed: number };
  unrequired: { probes: number; passed: number };
  failures: { from: string; to: string; protocol: string; port: number; status: string; flow: string }[];
  exposures: { from: string; to: string; protocol: string; port: number; status: string }[];
  skipped: { flow: string; reason: string }[];
  namespaces: string[];
  timing: { totalMs: number };
}

/** Our namespaces (verify's names start with vbw and the process id). */
const namespaces = (): string[] =>
  spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => /^vbw\d+-\d+-(r|\d+)$/.test(n));

function verify(args: string[]): { status: number | null; stdout: string; stderr: string; report: Report; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [driver, 'verify', ...args, '--format', 'json'], { encoding: 'utf8', cwd: ROOT, timeout: 110000 });
  let report = {} as Report;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    // the assertions below show stdout and stderr
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report, ms: Date.now() - t0 };
}

const before = new Set<string>();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vbrwall-verify-e2e-'));
  chmodSync(dir, 0o755);
  driver = join(ROOT, 'bin', 'vbrwall.js');
  for (const n of namespaces()) before.add(n);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const leftovers = (): string[] => namespaces().filter((n) => !before.has(n));

describe.each(['nftables', 'iptables'] as const)('verify with %s', (target) => {
  it('passes the four-zone example, well under 60 s, and removes every namespace', () => {
    const r = verify([fixturePath('four-zone'), '--target', target]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.report.passed).toBe(true);
    expect(r.report.required.probes).toBeGreaterThan(50);
    expect(r.report.required.failed).toBe(0);
    expect(r.report.unrequired.probes).toBeGreaterThan(1000);
    expect(r.report.exposures).toEqual([]);
    // s3 is a DNS name: no packet filter rule can match it, and verify says so
    expect(r.report.skipped.map((s) => s.flow)).toEqual(['vbr01>s3/tcp']);
    expect(r.ms).toBeLessThan(60000);
    expect(leftovers()).toEqual([]);
  });

  it('passes a deployment with every role (IPv6 included)', () => {
    const r = verify([fixturePath('every-role'), '--target', target]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.report.passed).toBe(true);
    expect(r.report.required.probes).toBeGreaterThan(300);
    expect(leftovers()).toEqual([]);
  });
});

describe('verify catches a broken ruleset', () => {
  /** One rule removed (vbr01 → the Veeam Installer Service on five hosts) and an any/any rule from production added. */
  const REMOVED = 'management-to-backup-data-04';
  const INSTALLER_HOSTS = ['mount01', 'proxy01', 'proxy02', 'repo01', 'repo02'];

  function expectCaught(r: ReturnType<typeof verify>): void {
    expect(r.status, r.stderr).toBe(1);
    expect(r.report.passed).toBe(false);
    const missing = r.report.failures.filter((f) => f.port === 6160 && f.from === 'vbr01');
    expect(missing.map((f) => f.to).sort()).toEqual(INSTALLER_HOSTS);
    expect(missing.every((f) => f.status === 'filtered')).toBe(true);
    expect(r.report.failures.length).toBe(missing.length);
    // the any/any rule: every common port from every production host to every other zone
    expect(r.report.exposures).toContainEqual(expect.objectContaining({ from: 'vcsa01', to: 'vbr01', protocol: 'tcp', port: 22, status: 'open' }));
    expect(r.report.exposures).toContainEqual(expect.objectContaining({ from: 'win-guests', to: 'repo01', port: 445 }));
    const production = new Set(['vcsa01', 'esxi', 'win-guests', 'linux-guests']);
    expect(r.report.exposures.every((x) => production.has(x.from))).toBe(true);
    expect(leftovers()).toEqual([]);
  }

  it('nftables', async () => {
    const plan = buildPlan(loadFixture('four-zone'));
    const rendered = await renderRuleset(plan, 'nftables');
    if (!rendered.ok) throw new Error('render failed');
    const text = rendered.files[0]!.content;
    expect(text).toContain(`comment "${REMOVED}"`);
    const broken = text
      .split('\n')
      .filter((l) => !l.includes(`comment "${REMOVED}"`))
      .join('\n')
      .replace('\t\tct state invalid drop\n', '\t\tct state invalid drop\n\t\tip saddr 10.20.0.0/16 accept\n');
    const path = join(dir, 'broken.nft');
    writeFileSync(path, broken);
    expectCaught(verify([fixturePath('four-zone'), '--target', 'nftables', '--ruleset', path]));
  });

  it('iptables', async () => {
    const plan = buildPlan(loadFixture('four-zone'));
    const rendered = await renderRuleset(plan, 'iptables');
    if (!rendered.ok) throw new Error('render failed');
    const text = rendered.files[0]!.content;
    expect(text).toContain(`--comment "${REMOVED}:`);
    const broken = text
      .split('\n')
      .filter((l) => !l.includes(`--comment "${REMOVED}:`))
      .join('\n')
      .replace('\nCOMMIT', '\n-A VBRWALL-FWD -s 10.20.0.0/16 -j ACCEPT\nCOMMIT');
    const path = join(dir, 'broken.rules');
    writeFileSync(path, broken);
    expectCaught(verify([fixturePath('four-zone'), '--target', 'iptables', '--ruleset', path]));
  });

  it('a ruleset that does not load is bad input, not a pass', () => {
    const path = join(dir, 'garbage.nft');
    writeFileSync(path, 'table inet x { chain y { nonsense } }\n');
    const r = spawnSync(process.execPath, [driver, 'verify', fixturePath('four-zone'), '--ruleset', path], { encoding: 'utf8', cwd: ROOT, timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain('does not load');
    expect(leftovers()).toEqual([]);
  });
});

describe('verify cleans up', () => {
  it('on Ctrl-C in the middle of a run', async () => {
    const child = spawn(process.execPath, [driver, 'verify', fixturePath('four-zone')], { cwd: ROOT });
    let err = '';
    const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // Interrupt once probing has started (namespaces, ruleset and listeners are all in place).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`verify did not start probing: ${err}`)), 60000);
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (err.includes('probing')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    expect(namespaces().length).toBeGreaterThan(before.size);
    child.kill('SIGINT');
    expect(await done).toBe(1);
    expect(err).toContain('interrupted');
    expect(leftovers()).toEqual([]);
  });

  it('two runs at once do not collide', async () => {
    const run = (target: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const c = spawn(process.execPath, [driver, 'verify', fixturePath('four-zone'), '--target', target, '--format', 'json'], { cwd: ROOT });
        let out = '';
        c.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        c.on('close', (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run('nftables'), run('iptables')]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect((JSON.parse(a.out) as Report).passed && (JSON.parse(b.out) as Report).passed).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('--keep leaves the namespaces for debugging; --cleanup removes them once the run is over', () => {
    const r = verify([fixturePath('four-zone'), '--keep']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.report.namespaces.length).toBe(17);
    expect(leftovers().sort()).toEqual([...r.report.namespaces].sort());
    const c = spawnSync(process.execPath, [driver, 'verify', '--cleanup'], { encoding: 'utf8', cwd: ROOT });
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toContain('removed 17 namespaces');
    expect(leftovers()).toEqual([]);
  });

  it('says clearly when it cannot run: not root exits 3', () => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, driver, 'verify', fixturePath('four-zone')], { encoding: 'utf8', cwd: dir });
    if (r.error) return; // no setpriv: the unit test covers preflight
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain('error VERIFY_UNAVAILABLE: verify needs root');
  });
});
