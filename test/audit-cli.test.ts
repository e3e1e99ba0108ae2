/**
 * `vbrwall audit` and `vbrwall export-script` as a user runs them: argv through node:util
 * parseArgs with the options of their CLI table entry, exit codes per the contract.
 */
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run as audit } from '../src/cli/commands/audit.js';
import { run as exportScript } from '../src/cli/commands/export-script.js';
import { UsageError } from '../src/cli/exit.js';
import { fixturePath, ROOT } from './helpers.js';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
/** The options of the `audit` entry of the CLI table. */
const OPTIONS = { ruleset: str, 'ruleset-format': str, scope: str, host: str, format: str, lenient: bool, phase: str, 'no-failover': bool, verbose: bool };

async function cli(cmd: typeof audit, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), cwd: ROOT };
  const parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  try {
    const code = await cmd({ io, values: parsed.values, positionals: parsed.positionals });
    return { code, out, err };
  } catch (e) {
    if (e instanceof UsageError) return { code: 2, out, err: err + e.message };
    throw e;
  }
}

const FX = 'test/fixtures/audit';

describe('vbrwall audit', () => {
  it('exits 1 when a flow is partial or blocked, and prints the contract JSON', async () => {
    const r = await cli(audit, [fixturePath('four-zone'), '--ruleset', `${FX}/four-zone.zone-firewall.iptables-save`, '--format', 'json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { flows: { status: string }[]; excess: { rule: string; description: string }[] };
    expect(json.flows.some((f) => f.status === 'blocked')).toBe(true);
    expect(json.excess[0]).toMatchObject({ rule: expect.stringMatching(/^line /), description: expect.any(String) });
    expect(r.err).toContain('AUDIT_INTERFACE_IGNORED');
  });

  it('exits 0 when every flow is allowed (no FILE: the bundled example)', async () => {
    const { renderPlan } = await import('../src/render/render.js');
    const { findRenderer } = await import('../src/render/registry.js');
    const { planFor } = await import('./helpers.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const out = renderPlan(planFor('four-zone'), findRenderer('nftables')!, { scope: 'host', host: 'repo01' });
    if (!out.ok) throw new Error('render');
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-audit-'));
    writeFileSync(join(dir, 'repo01.nft'), String(out.result.files[0]!.content));
    const r = await cli(audit, ['--ruleset', join(dir, 'repo01.nft'), '--host', 'repo01']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Result: every flow of the plan is allowed');
  });

  it.each([
    ['no --ruleset', []],
    ['a file that is not there', ['--ruleset', 'nope.rules']],
    ['an unknown format', ['--ruleset', `${FX}/repo01.ufw.txt`, '--ruleset-format', 'cisco']],
    ['--scope host without --host', ['--ruleset', `${FX}/repo01.ufw.txt`, '--scope', 'host']],
    ['a host that is not in the deployment', ['--ruleset', `${FX}/repo01.ufw.txt`, '--host', 'nobody']],
    ['a host-only format for the zone firewall', ['--ruleset', `${FX}/proxy02.firewalld.txt`]],
    ['syntax errors', ['--ruleset', `${FX}/iptables-nft.nft.json`]],
  ])('exits 2 on bad input: %s', async (_, argv) => {
    const r = await cli(audit, argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });

  it('prints each located error with file, line and column; --lenient turns them into warnings naming the line', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const bad = join(mkdtempSync(join(tmpdir(), 'vbrwall-audit-')), 'bad.rules');
    writeFileSync(bad, '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m nosuch -j ACCEPT\nCOMMIT\n');
    const r = await cli(audit, ['--ruleset', bad]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:5:15: error AUDIT_SYNTAX: unknown match module 'nosuch'`);
    const l = await cli(audit, ['--ruleset', bad, '--lenient']);
    expect(l.code).toBe(1);
    expect(l.err).toContain('warning AUDIT_SKIPPED_LINE: skipped line 5');
  });

  it('writes SARIF and Markdown', async () => {
    const s = await cli(audit, ['--ruleset', `${FX}/four-zone.repo01.iptables-save`, '--host', 'repo01', '--format', 'sarif']);
    expect(JSON.parse(s.out)).toMatchObject({ version: '2.1.0' });
    const m = await cli(audit, ['--ruleset', `${FX}/four-zone.repo01.iptables-save`, '--host', 'repo01', '--format', 'md']);
    expect(m.out).toMatch(/^# Firewall audit/);
  });
});

describe('vbrwall export-script', () => {
  it('prints the PowerShell export for Windows Firewall, whose output the windows format reads', async () => {
    const r = await cli(exportScript, ['windows']);
    expect(r.code).toBe(0);
    for (const cmdlet of ['Get-NetFirewallRule', 'Get-NetFirewallPortFilter', 'Get-NetFirewallAddressFilter', 'Get-NetFirewallApplicationFilter', 'Get-NetFirewallProfile', 'ConvertTo-Json']) expect(r.out).toContain(cmdlet);
    for (const field of ['DisplayName', 'Enabled', 'Direction', 'Action', 'Protocol', 'LocalPort', 'RemoteAddress', 'Program', 'DefaultInboundAction']) expect(r.out).toContain(field);
  });

  it('exits 2 for an unknown format', async () => {
    expect((await cli(exportScript, ['cisco'])).code).toBe(2);
    expect((await cli(exportScript, ['nftables'])).out).toContain('nft -j list ruleset');
  });
});
