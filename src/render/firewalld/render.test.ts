import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectInternetOnly, FIXTURES, hostsWithInbound, planFor, policyFor } from '../../../test/helpers.js';
import { renderPlan } from '../render.js';
import type { RenderedFile } from '../types.js';
import { firewalld } from './index.js';
import { shQuote } from './quote.js';

const text = (f: RenderedFile): string => String(f.content);
const ZONE_LINE = 'zone="${1:-$(firewall-cmd --get-default-zone)}"';
const RICH = /^rule (family="ipv(4|6)" source address="[0-9a-f.:/]+" )?port port="\d+(-\d+)?" protocol="(tcp|udp)" accept$/;

/** `bash -n`: the script parses. A missing bash fails the test. */
function bashParses(script: string): { status: number | null; stderr: string } {
  const p = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  if (p.error) throw new Error(`bash could not run (${p.error.message}); this check is never skipped`);
  return { status: p.status, stderr: p.stderr };
}

/**
 * Words of one command line, for the only shapes the script may use: bare words of safe
 * characters, single-quoted words (with `'\''`), and "$zone". Anything else (operators,
 * expansions, other quotes, unquoted specials) throws, so it cannot pass unnoticed.
 */
function shWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let w = '';
    while (i < line.length && line[i] !== ' ') {
      const c = line[i]!;
      if (c === "'") {
        const j = line.indexOf("'", i + 1);
        if (j < 0) throw new Error(`unterminated quote in ${line}`);
        w += line.slice(i + 1, j);
        i = j + 1;
      } else if (line.startsWith("\\'", i)) {
        w += "'";
        i += 2;
      } else if (line.startsWith('"$zone"', i)) {
        w += '$zone';
        i += 7;
      } else if (/[A-Za-z0-9_=./:,@%+-]/.test(c)) {
        w += c;
        i++;
      } else throw new Error(`unexpected ${JSON.stringify(c)} at ${i} in ${line}`);
    }
    words.push(w);
  }
  return words;
}

/** Checks every line of a script: comments, the two fixed lines, and firewall-cmd commands only. */
function checkScript(script: string): string[] {
  const rich: string[] = [];
  const lines = script.split('\n');
  expect(lines[0]).toBe('#!/bin/sh');
  for (const line of lines) {
    if (line === '' || line.startsWith('#') || line === 'set -eu' || line === ZONE_LINE) continue;
    const w = shWords(line);
    expect(w[0], line).toBe('firewall-cmd');
    if (w[1] === '--reload') {
      expect(w).toHaveLength(2);
      continue;
    }
    expect(w.slice(1, 3), line).toEqual(['--permanent', '--zone=$zone']);
    expect(w[3], line).toMatch(/^--add-rich-rule=/);
    expect(w).toHaveLength(4);
    const r = w[3]!.slice('--add-rich-rule='.length);
    expect(r, line).toMatch(RICH);
    rich.push(r);
  }
  return rich;
}

describe('firewalld golden files', () => {
  it('four-zone repo01 and hyperv-agents vbr', async () => {
    const a = firewalld.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false });
    expect(a.files.map((f) => f.path)).toEqual(['repo01.firewalld.sh']);
    await expect(text(a.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.sh');
    const b = firewalld.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: false });
    await expect(text(b.files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.vbr.sh');
  });

  it('is deterministic', () => {
    const p = () => firewalld.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: false });
    expect(p()).toEqual(p());
  });
});

describe('firewalld scripts', () => {
  for (const fixture of FIXTURES)
    it(`${fixture}: every host with inbound flows parses with bash -n and holds only firewall-cmd rich rules`, () => {
      const hosts = hostsWithInbound(fixture);
      expect(hosts.length).toBeGreaterThan(3);
      for (const h of hosts) {
        const policy = policyFor(fixture, 'host', h);
        const script = text(firewalld.render(policy, { outbound: false }).files[0]!);
        const r = bashParses(script);
        expect(r.status, `${h}: ${r.stderr}`).toBe(0);
        const rich = checkScript(script);
        // A host known only by DNS name (object storage) gets no rules: expressible() reports them.
        const rendered = policy.rules.filter((x) => [x.source, x.destination].every((o) => o.any || o.cidrs.length));
        expect(rich.length).toBeGreaterThanOrEqual(rendered.length);
      }
    });

  it('bash -n and the line check can fail', () => {
    expect(bashParses("firewall-cmd --add-rich-rule='rule\n").status).not.toBe(0);
    expect(() => checkScript('#!/bin/sh\nfirewall-cmd --reload; reboot\n')).toThrow();
    expect(() => checkScript('#!/bin/sh\nrm -rf /\n')).toThrow();
  });

  it('one rich rule per source prefix, protocol and port item; IPv6 sources with family ipv6', () => {
    const script = text(firewalld.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: false }).files[0]!);
    expect(script).toContain(`--add-rich-rule='rule family="ipv6" source address="2001:db8:10::50" port port="9419-9420" protocol="tcp" accept'`);
    expect(script).toContain(`--add-rich-rule='rule family="ipv4" source address="203.0.113.10/31" port port="6162" protocol="tcp" accept'`);
  });

  it('any address of the internet zone is every address but the internal zones\'', () => {
    const policy = policyFor('four-zone', 'host', 'ccgw01');
    const rich = checkScript(text(firewalld.render(policy, { outbound: false }).files[0]!)).filter((r) => r.includes('port="6180"'));
    expect(rich.some((r) => !r.includes('source address='))).toBe(false);
    for (const proto of ['tcp', 'udp']) {
      const from = rich.filter((r) => r.includes(`protocol="${proto}"`)).map((r) => /source address="([^"]+)"/.exec(r)![1]!);
      expect(from.length).toBeGreaterThan(1);
      expectInternetOnly(policy.deployment, from);
    }
  });

  it('is host scope only, and says so when outbound rules are asked for', () => {
    expect(firewalld.supports.scopes).toEqual(['host']);
    const zone = renderPlan(planFor('four-zone'), firewalld, { scope: 'zone-firewall' });
    expect(zone.ok).toBe(false);
    if (!zone.ok) expect(zone.diagnostics).toMatchObject([{ code: 'RENDER_UNSUPPORTED', severity: 'error' }]);
    expect(firewalld.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false }).diagnostics).toEqual([]);
    expect(firewalld.render(policyFor('four-zone', 'host', 'repo01'), { outbound: true }).diagnostics).toMatchObject([{ code: 'RENDER_UNSUPPORTED', severity: 'warning' }]);
  });
});

describe('firewalld deploy phase', () => {
  it('deploy-phase rules say so', () => {
    const p = policyFor('four-zone', 'host', 'repo01', { phase: 'deploy' });
    expect(p.rules.some((r) => r.phase === 'deploy')).toBe(true);
    const script = text(firewalld.render(p, { outbound: false }).files[0]!);
    expect(script).toContain('#   deploy phase only: remove after installation or upgrade');
    checkScript(script);
  });
});

describe('firewalld hostile names', () => {
  const hosts = hostsWithInbound('hostile');

  it('quotes words so the shell takes them literally', () => {
    // Harmless payloads only: this runs bash on them.
    for (const s of [`a'b`, `'`, `''`, '$(echo injected)', '`echo injected`', '$HOME', 'x\ny', '"; echo injected #', 'back\\', 'ünïcødé']) {
      const q = shQuote(s);
      const p = spawnSync('bash', ['-c', `printf %s ${q}`], { encoding: 'utf8' });
      expect(p.stdout).toBe(s);
    }
  });

  it('every script parses with bash -n and runs no command other than firewall-cmd', () => {
    expect(hosts.length).toBe(5);
    for (const h of hosts) {
      const f = firewalld.render(policyFor('hostile', 'host', h), { outbound: false }).files[0]!;
      expect(f.path).toMatch(/^[A-Za-z][A-Za-z0-9_-]*\.firewalld\.sh$/);
      const script = text(f);
      expect(bashParses(script).status).toBe(0);
      checkScript(script);
      expect(script).toContain('# in-01: ');
    }
  });
});
