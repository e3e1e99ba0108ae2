import { describe, expect, it } from 'vitest';
import { expectInternetOnly, FIXTURES, hostsWithInbound, planFor, policyFor } from '../../../test/helpers.js';
import type { Policy, Rule } from '../../policy/types.js';
import { clip } from '../_shared/text.js';
import { renderPlan } from '../render.js';
import type { RenderedFile } from '../types.js';
import { windows } from './index.js';
import { DISPLAY_NAME_MAX, psQuote, psText } from './quote.js';

const text = (f: RenderedFile): string => String(f.content);
const CMDLETS = ['New-NetFirewallRule', 'Remove-NetFirewallRule', 'Set-NetFirewallProfile'];
const NEW_PARAMS = ['Name', 'DisplayName', 'Group', 'Direction', 'Action', 'Profile', 'Protocol', 'Port', 'RemoteAddress', 'Description'];
const isSingleQuote = (c: string): boolean => /['\u2018\u2019\u201A\u201B]/.test(c);

type Token = { kind: 'word' | 'string' | 'comma' | 'pipe'; text: string };

/**
 * Tokens of one PowerShell command line as the PowerShell tokenizer reads them: bare words of
 * safe characters, single-quoted strings (any of the five single-quote characters opens and
 * closes one; two in a row are one literal quote), `,` and `|`. Anything else throws.
 */
function psTokens(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ') i++;
    else if (c === ',') (out.push({ kind: 'comma', text: c }), i++);
    else if (c === '|') (out.push({ kind: 'pipe', text: c }), i++);
    else if (isSingleQuote(c)) {
      let s = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated string in ${line}`);
        const d = line[i]!;
        if (isSingleQuote(d)) {
          if (i + 1 < line.length && isSingleQuote(line[i + 1]!)) {
            s += line[i + 1];
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += d;
        i++;
      }
      if (i < line.length && line[i] !== ' ' && line[i] !== ',') throw new Error(`text after a string in ${line}`);
      out.push({ kind: 'string', text: s });
    } else {
      const m = /^[A-Za-z0-9_.:/-]+/.exec(line.slice(i));
      if (!m) throw new Error(`unexpected ${JSON.stringify(c)} at ${i} in ${line}`);
      out.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

interface Command {
  cmdlet: string;
  params: Map<string, string[]>;
}

/** A command line as cmdlet and parameters (`-Name value[, value…]`, or a switch). */
function parseCommand(line: string): Command {
  const t = psTokens(line);
  const cmdlet = t[0]!;
  expect(cmdlet.kind).toBe('word');
  expect(CMDLETS, line).toContain(cmdlet.text);
  const params = new Map<string, string[]>();
  let i = 1;
  while (i < t.length) {
    const p = t[i]!;
    if (p.kind === 'pipe') {
      expect(t.slice(i + 1), line).toEqual([{ kind: 'word', text: 'Out-Null' }]);
      break;
    }
    expect(p.kind === 'word' && p.text.startsWith('-'), line).toBe(true);
    const values: string[] = [];
    i++;
    while (i < t.length && (t[i]!.kind === 'string' || (t[i]!.kind === 'word' && !t[i]!.text.startsWith('-')))) {
      values.push(t[i]!.text);
      i++;
      if (t[i]?.kind === 'comma') i++;
      else break;
    }
    params.set(p.text.slice(1), values);
  }
  return { cmdlet: cmdlet.text, params };
}

/** Checks every line of a script and returns its commands. */
function checkScript(script: string): Command[] {
  expect(script).toMatch(/^[\n\x20-\x7e]*$/);
  const cmds: Command[] = [];
  for (const line of script.split('\n')) {
    if (line === '' || line.startsWith('#') || line === "$ErrorActionPreference = 'Stop'") continue;
    cmds.push(parseCommand(line));
  }
  return cmds;
}

const ruleOf = (policy: Policy, c: Command): Rule => {
  const name = c.params.get('Name')![0]!;
  const r = [...policy.rules, ...policy.outbound].find((x) => name === `vbrwall-${x.name}-tcp` || name === `vbrwall-${x.name}-udp`);
  expect(r, name).toBeDefined();
  return r!;
};

/** Checks the New-NetFirewallRule commands against the policy: names, parameters and decoded strings. */
function checkRules(policy: Policy, cmds: Command[]): void {
  for (const c of cmds.filter((x) => x.cmdlet === 'New-NetFirewallRule')) {
    const r = ruleOf(policy, c);
    const proto = c.params.get('Protocol')![0]!;
    const inbound = c.params.get('Direction')![0] === 'Inbound';
    expect([...c.params.keys()].map((k) => k.replace(/^(Local|Remote)Port$/, 'Port'))).toEqual(NEW_PARAMS);
    expect(c.params.has(inbound ? 'LocalPort' : 'RemotePort')).toBe(true);
    expect(c.params.get('Group')).toEqual(['vbrwall']);
    expect(c.params.get('Action')).toEqual(['Allow']);
    expect(proto).toMatch(/^(TCP|UDP)$/);
    expect(c.params.get('DisplayName')).toEqual([clip(psText(`vbrwall ${r.name} ${proto}: ${r.source.label} -> ${r.destination.label}`), DISPLAY_NAME_MAX)]);
    expect(c.params.get('Description')![0]!.startsWith(psText(`${r.name}: `))).toBe(true);
    for (const p of c.params.get(inbound ? 'LocalPort' : 'RemotePort')!) expect(p).toMatch(/^\d+(-\d+)?$/);
    for (const a of c.params.get('RemoteAddress')!) expect(a).toMatch(/^(Any|[0-9a-f.:]+(\/\d+)?)$/);
  }
}

describe('windows golden files', () => {
  it('four-zone repo02 and hyperv-agents repo-win (inbound, and with outbound), with their removal scripts', async () => {
    const a = windows.render(policyFor('four-zone', 'host', 'repo02'), { outbound: false });
    expect(a.files.map((f) => f.path)).toEqual(['repo02.ps1', 'repo02.remove.ps1']);
    await expect(text(a.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo02.ps1');
    await expect(text(a.files[1]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo02.remove.ps1');
    const b = windows.render(policyFor('hyperv-agents', 'host', 'repo-win'), { outbound: false });
    await expect(text(b.files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.repo-win.ps1');
    const c = windows.render(policyFor('hyperv-agents', 'host', 'repo-win'), { outbound: true });
    await expect(text(c.files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.repo-win.outbound.ps1');
    await expect(text(c.files[1]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.repo-win.outbound.remove.ps1');
  });

  it('is deterministic', () => {
    const p = () => windows.render(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: true });
    expect(p()).toEqual(p());
  });
});

describe('windows scripts', () => {
  for (const fixture of FIXTURES)
    it(`${fixture}: every host with inbound flows gives scripts of known cmdlets and parameters only`, () => {
      const hosts = hostsWithInbound(fixture);
      expect(hosts.length).toBeGreaterThan(3);
      for (const h of hosts)
        for (const outbound of [false, true]) {
          const policy = policyFor(fixture, 'host', h);
          const [apply, remove] = windows.render(policy, { outbound }).files;
          const cmds = checkScript(text(apply!));
          checkRules(policy, cmds);
          const dirs = new Set(cmds.filter((c) => c.cmdlet === 'New-NetFirewallRule').map((c) => c.params.get('Direction')![0]));
          if (!outbound) expect(dirs.has('Outbound')).toBe(false);
          const removal = checkScript(text(remove!));
          expect(removal[0]).toEqual({ cmdlet: 'Remove-NetFirewallRule', params: new Map([['Group', ['vbrwall']], ['ErrorAction', ['SilentlyContinue']]]) });
        }
    });

  it('the line check can fail', () => {
    expect(() => checkScript("New-NetFirewallRule -DisplayName 'x'; Restart-Computer\n")).toThrow();
    expect(() => checkScript("New-NetFirewallRule -DisplayName 'x\u2019; Restart-Computer; '\n")).toThrow();
    expect(() => checkScript('Restart-Computer\n')).toThrow();
  });

  it('inbound rules: -LocalPort ranges and -RemoteAddress with IPv4 and IPv6 sources', () => {
    const cmds = checkScript(text(windows.render(policyFor('hyperv-agents', 'host', 'repo-win'), { outbound: false }).files[0]!));
    const rules = cmds.filter((c) => c.cmdlet === 'New-NetFirewallRule');
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((c) => c.params.get('Direction')![0] === 'Inbound')).toBe(true);
    expect(rules.some((c) => c.params.get('LocalPort')!.includes('2500-3300') && c.params.get('RemoteAddress')!.includes('2001:db8:10::50'))).toBe(true);
  });

  it('outbound rules: -RemotePort and the destinations, default outbound Block, restored by the removal script', () => {
    const [apply, remove] = windows.render(policyFor('hyperv-agents', 'host', 'repo-win'), { outbound: true }).files.map(text);
    const out = checkScript(apply!).filter((c) => c.cmdlet === 'New-NetFirewallRule' && c.params.get('Direction')![0] === 'Outbound');
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((c) => c.params.has('RemotePort') && !c.params.has('LocalPort'))).toBe(true);
    expect(apply).toContain('-DefaultOutboundAction Block');
    expect(remove).toContain('-DefaultOutboundAction Allow');
  });

  it('any address of the internet zone is every address but the internal zones\'', () => {
    const policy = policyFor('four-zone', 'host', 'ccgw01');
    const cmds = checkScript(text(windows.render(policy, { outbound: false }).files[0]!));
    expect(cmds.some((c) => c.params.get('RemoteAddress')?.[0] === 'Any')).toBe(false);
    const tenants = cmds.filter((c) => c.params.get('LocalPort')?.join(',') === '6180');
    expect(tenants.map((c) => c.params.get('Protocol')![0])).toEqual(['TCP', 'UDP']);
    for (const c of tenants) expectInternetOnly(policy.deployment, c.params.get('RemoteAddress')!);
  });

  it('is host scope only', () => {
    expect(windows.supports.scopes).toEqual(['host']);
    expect(renderPlan(planFor('four-zone'), windows, { scope: 'zone-firewall' }).ok).toBe(false);
  });
});

describe('windows deploy phase', () => {
  it('deploy-phase rules say so in the description', () => {
    const p = policyFor('four-zone', 'host', 'repo02', { phase: 'deploy' });
    expect(p.rules.some((r) => r.phase === 'deploy')).toBe(true);
    const cmds = checkScript(text(windows.render(p, { outbound: false }).files[0]!));
    checkRules(p, cmds);
    expect(cmds.some((c) => c.params.get('Description')?.[0]?.includes('[deploy phase only]'))).toBe(true);
  });
});

describe('windows hostile names', () => {
  it('quotes strings so that no quote character ends them', () => {
    expect(psQuote("it's")).toBe(`'it''s'`);
    expect(psQuote('a\u2019b\u2018c\u201Ad\u201Be')).toBe(`'a?b?c?d?e'`);
    expect(psQuote('x\r\ny $(Restart-Computer) `n')).toBe(`'x y $(Restart-Computer) \`n'`);
    expect(psQuote('\uFF07; Restart-Computer')).toBe(`'''; Restart-Computer'`);
    expect(psTokens(psQuote("''\u2019'; Restart-Computer; '"))).toHaveLength(1);
  });

  it('every script is ASCII, parses into known commands, and keeps names as data', () => {
    const hosts = hostsWithInbound('hostile');
    expect(hosts.length).toBe(5);
    let seen = 0;
    for (const h of hosts) {
      const policy = policyFor('hostile', 'host', h);
      const files = windows.render(policy, { outbound: true }).files;
      for (const f of files) expect(f.path).toMatch(/^[A-Za-z][A-Za-z0-9_-]*(\.remove)?\.ps1$/);
      const cmds = checkScript(text(files[0]!));
      checkRules(policy, cmds);
      checkScript(text(files[1]!));
      seen += cmds.filter((c) => c.params.get('DisplayName')?.[0]?.includes("vbr'; DROP TABLE --")).length;
    }
    expect(seen).toBeGreaterThan(0);
  });
});
