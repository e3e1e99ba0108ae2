import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { expectInternetOnly, FIXTURES, hostsWithInbound, planFor, policyFor } from '../../../test/helpers.js';
import type { Policy } from '../../policy/types.js';
import { renderPlan } from '../render.js';
import type { RenderedFile } from '../types.js';
import { ufw } from './index.js';
import { COMMENT_MAX, shQuote, ufwComment } from './quote.js';

const text = (f: RenderedFile): string => String(f.content);
const ADDR = /^(any|[0-9a-f.:]+(\/\d+)?)$/;
const PORTS = /^\d+(:\d+)?(,\d+(:\d+)?)*$/;

/** `bash -n`: the script parses. A missing bash fails the test. */
function bashParses(script: string): { status: number | null; stderr: string } {
  const p = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  if (p.error) throw new Error(`bash could not run (${p.error.message}); this check is never skipped`);
  return { status: p.status, stderr: p.stderr };
}

/**
 * Words of one command line, for the only shapes the script may use: bare words of safe
 * characters and single-quoted words (with `'\''`). Anything else (operators, expansions,
 * double quotes, unquoted specials) throws.
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
      } else if (/[A-Za-z0-9_=./:,@%+-]/.test(c)) {
        w += c;
        i++;
      } else throw new Error(`unexpected ${JSON.stringify(c)} at ${i} in ${line}`);
    }
    words.push(w);
  }
  return words;
}

interface Allow {
  out: boolean;
  proto: string;
  from: string;
  to: string;
  ports: string;
  comment: string;
}

/** Checks every line of a script (comments, `set -eu` and ufw commands of known shapes only) and returns the allow rules. */
function checkScript(script: string): Allow[] {
  const allows: Allow[] = [];
  const lines = script.split('\n');
  expect(lines[0]).toBe('#!/bin/sh');
  for (const line of lines) {
    if (line === '' || line.startsWith('#') || line === 'set -eu') continue;
    const w = shWords(line);
    expect(w[0], line).toBe('ufw');
    const rest = w.slice(1);
    if (rest[0] !== 'allow') {
      expect([['default', 'deny', 'incoming'], ['default', 'deny', 'outgoing'], ['--force', 'enable']], line).toContainEqual(rest);
      continue;
    }
    const out = rest[1] === 'out';
    const a = rest.slice(out ? 2 : 1);
    expect(a.filter((_, i) => i % 2 === 0), line).toEqual(['proto', 'from', 'to', 'port', 'comment']);
    const [, proto, , from, , to, , ports, , comment] = a as [string, string, string, string, string, string, string, string, string, string];
    expect(proto).toMatch(/^(tcp|udp)$/);
    expect(from).toMatch(ADDR);
    expect(to).toMatch(ADDR);
    expect(out ? from : to).toBe('any');
    expect(ports).toMatch(PORTS);
    expect(ports.split(',').reduce((n, p) => n + (p.includes(':') ? 2 : 1), 0)).toBeLessThanOrEqual(15);
    expect(comment).not.toMatch(/['\n\r]/);
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX);
    allows.push({ out, proto, from, to, ports, comment });
  }
  return allows;
}

describe('ufw golden files', () => {
  it('four-zone repo01 (inbound, and with outbound) and hyperv-agents vbr', async () => {
    const a = ufw.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false });
    expect(a.files.map((f) => f.path)).toEqual(['repo01.ufw.sh']);
    await expect(text(a.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.sh');
    const o = ufw.render(policyFor('four-zone', 'host', 'repo01'), { outbound: true });
    await expect(text(o.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.outbound.sh');
    const b = ufw.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: false });
    await expect(text(b.files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.vbr.sh');
  });

  it('is deterministic', () => {
    const p = () => ufw.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: true });
    expect(p()).toEqual(p());
  });
});

describe('ufw scripts', () => {
  for (const fixture of FIXTURES)
    it(`${fixture}: every host with inbound flows parses with bash -n and holds only ufw commands`, () => {
      const hosts = hostsWithInbound(fixture);
      expect(hosts.length).toBeGreaterThan(3);
      for (const h of hosts)
        for (const outbound of [false, true]) {
          const script = text(ufw.render(policyFor(fixture, 'host', h), { outbound }).files[0]!);
          const r = bashParses(script);
          expect(r.status, `${h}: ${r.stderr}`).toBe(0);
          const allows = checkScript(script);
          if (!outbound) expect(allows.some((x) => x.out)).toBe(false);
          expect(script.includes('ufw default deny outgoing')).toBe(outbound);
          expect(script.trimEnd().endsWith('ufw --force enable')).toBe(true);
        }
    });

  it('bash -n and the line check can fail', () => {
    expect(bashParses("ufw allow comment 'x\n").status).not.toBe(0);
    expect(() => checkScript('#!/bin/sh\nufw --force enable && reboot\n')).toThrow();
    expect(() => checkScript("#!/bin/sh\nufw allow proto tcp from any to any port 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15,16 comment 'x'\n")).toThrow();
  });

  it('default deny comes after the allow rules', () => {
    const script = text(ufw.render(policyFor('four-zone', 'host', 'repo01'), { outbound: true }).files[0]!);
    const lines = script.split('\n');
    const lastAllow = lines.map((l, i) => (l.startsWith('ufw allow') ? i : -1)).reduce((a, b) => Math.max(a, b));
    expect(lines.indexOf('ufw default deny incoming')).toBeGreaterThan(lastAllow);
  });

  it('renders IPv6 sources, and splits port lists beyond 15 slots', () => {
    const v6 = checkScript(text(ufw.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: false }).files[0]!));
    expect(v6).toContainEqual(expect.objectContaining({ proto: 'tcp', from: '2001:db8:10::50', to: 'any', ports: '22,9419:9420,10443' }));
    const p = policyFor('four-zone', 'host', 'repo01');
    const ports = Array.from({ length: 20 }, (_, i) => [7000 + 2 * i, 7000 + 2 * i] as const);
    const wide: Policy = { ...p, rules: [{ ...p.rules[0]!, services: [{ protocol: 'tcp', ports }] }], outbound: [] };
    const allows = checkScript(text(ufw.render(wide, { outbound: false }).files[0]!));
    expect(allows.length).toBe(2 * wide.rules[0]!.source.cidrs.length);
    expect(allows.flatMap((a) => a.ports.split(','))).toHaveLength(20 * wide.rules[0]!.source.cidrs.length);
  });

  it('any address of the internet zone is every address but the internal zones\'', () => {
    const policy = policyFor('four-zone', 'host', 'ccgw01');
    const allows = checkScript(text(ufw.render(policy, { outbound: false }).files[0]!));
    expect(allows.some((a) => a.from === 'any')).toBe(false);
    for (const proto of ['tcp', 'udp']) {
      const from = allows.filter((a) => a.ports === '6180' && a.proto === proto).map((a) => a.from);
      expect(from.length).toBeGreaterThan(1);
      expectInternetOnly(policy.deployment, from);
    }
  });

  it('is host scope only', () => {
    expect(ufw.supports.scopes).toEqual(['host']);
    const zone = renderPlan(planFor('four-zone'), ufw, { scope: 'zone-firewall' });
    expect(zone.ok).toBe(false);
  });
});

describe('ufw deploy phase', () => {
  it('deploy-phase rules say so, in the script and in the ufw comment', () => {
    const p = policyFor('four-zone', 'host', 'repo01', { phase: 'deploy' });
    expect(p.rules.some((r) => r.phase === 'deploy')).toBe(true);
    const script = text(ufw.render(p, { outbound: false }).files[0]!);
    expect(script).toContain('#   deploy phase only: remove after installation or upgrade');
    expect(checkScript(script).some((a) => a.comment.includes('[deploy phase only]'))).toBe(true);
  });
});

describe('ufw hostile names', () => {
  it('quotes words so the shell takes them literally, and keeps comments free of quotes ufw refuses', () => {
    // Harmless payloads only: this runs bash on them.
    for (const s of [`a'b`, `'`, '$(echo injected)', '`echo injected`', '$HOME', '"; echo injected #', 'back\\', 'ünïcødé']) {
      const p = spawnSync('bash', ['-c', `printf %s ${shQuote(s)}`], { encoding: 'utf8' });
      expect(p.stdout).toBe(s);
    }
    expect(ufwComment("it's\nfine")).toBe(`'it"s fine'`);
    expect(ufwComment('x'.repeat(400)).length).toBe(COMMENT_MAX + 2);
  });

  it('every script parses with bash -n and runs no command other than ufw', () => {
    const hosts = hostsWithInbound('hostile');
    expect(hosts.length).toBe(5);
    for (const h of hosts) {
      const f = ufw.render(policyFor('hostile', 'host', h), { outbound: true }).files[0]!;
      expect(f.path).toMatch(/^[A-Za-z][A-Za-z0-9_-]*\.ufw\.sh$/);
      const script = text(f);
      expect(bashParses(script).status).toBe(0);
      expect(checkScript(script).length).toBeGreaterThan(0);
    }
  });
});
