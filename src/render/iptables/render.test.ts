import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCidr } from '../../net/ip.js';
import { FIXTURES, hostsWithInbound, policyFor, VALIDATED, validatorCases } from '../../../test/helpers.js';
import type { Policy, Rule } from '../../policy/types.js';
import { asciiOnly, clip } from '../_shared/text.js';
import type { RenderedFile, RenderOptions } from '../types.js';
import { iptables } from './index.js';
import { chunkPorts } from './multiport.js';
import { COMMENT_MAX } from './quote.js';

const IN: RenderOptions = { outbound: false };
const OUT: RenderOptions = { outbound: true };
const text = (f: RenderedFile): string => String(f.content);
const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

/** Runs a netfilter tool; a missing binary fails the test (it is never skipped). */
function run(cmd: string, args: string[], input: string): { status: number | null; stdout: string; stderr: string } {
  const p = spawnSync(cmd, args, { input, encoding: 'utf8', env: { ...process.env, PATH } });
  if (p.error) throw new Error(`${cmd} could not run (${p.error.message}): install the Debian package iptables and run the tests as root; this validator is never skipped`);
  return { status: p.status, stdout: p.stdout, stderr: p.stderr };
}

const restoreTool = (f: RenderedFile): string => (f.path.endsWith('.rules6') ? 'ip6tables-restore' : 'iptables-restore');

/** Words of a rule line as iptables-restore splits them (iptables/xshared.c add_param_to_argv). */
function restoreWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quoted = false;
  let open = false;
  let escaped = false;
  const end = () => {
    if (cur.length || quoted) words.push(cur);
    cur = '';
    quoted = false;
  };
  for (const ch of line) {
    if (open) {
      if (escaped) {
        cur += ch;
        escaped = false;
      } else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        open = false;
        end();
      } else cur += ch;
    } else if (ch === '"') {
      open = true;
      quoted = true;
    } else if (ch === ' ' || ch === '\t') end();
    else cur += ch;
  }
  if (open) throw new Error(`unterminated quote: ${line}`);
  end();
  return words;
}

/** The `--comment` word of every rule line. */
const comments = (content: string): string[] =>
  content
    .split('\n')
    .filter((l) => l.startsWith('-A VBRWALL-'))
    .map((l) => {
      const w = restoreWords(l);
      return w[w.indexOf('--comment') + 1]!;
    });

const expectedComment = (r: Rule): string => clip(asciiOnly(`${r.name}: ${r.comment}`), COMMENT_MAX);


describe('any address of the internet zone', () => {
  it('is every address but the internal zones: the rule chain returns their prefixes before it accepts', () => {
    const policy = policyFor('four-zone', 'zone-firewall');
    const rule = policy.rules.find((r) => r.source.any)!;
    expect(rule).toBeDefined();
    const lines = text(iptables.render(policy, IN).files[0]!).split('\n');
    const jump = lines.find((l) => l.startsWith('-A VBRWALL-FWD ') && l.includes(`--comment "${rule.name}"`) && l.includes(' -j VBRWALL-FWD-'))!;
    const chain = jump.split(' ').at(-1)!;
    const returns = lines.filter((l) => l.startsWith(`-A ${chain} -s `) && l.endsWith('-j RETURN')).map((l) => l.split(' ')[3]);
    const internal = policy.deployment.zones.filter((z) => !z.internet).flatMap((z) => z.cidrs.filter((c) => c.family === 4).map((c) => formatCidr(c)));
    expect(returns.sort()).toEqual(internal.sort());
    // The RETURNs come before any ACCEPT of the chain.
    const body = lines.filter((l) => l.startsWith(`-A ${chain} `));
    expect(body.findIndex((l) => l.endsWith('-j ACCEPT'))).toBe(returns.length);
  });
});

describe('rules between large sets', () => {
  it('take a chain of their own: lines grow with |S| + |D|, and the chain form allows the same pairs and ports', () => {
    const policy = policyFor('wide', 'zone-firewall');
    const lines = text(iptables.render(policy, IN).files[0]!).split('\n');
    const rule = policy.rules.find((r) => r.source.hosts.length === 6 && r.destination.hosts.length === 5)!;
    expect(rule).toBeDefined();
    const jumps = lines.filter((l) => l.startsWith('-A VBRWALL-FWD ') && l.includes(`--comment "${rule.name}"`));
    const chain = restoreWords(jumps[0]!).at(-1)!;
    expect(chain).toMatch(/^VBRWALL-FWD-\d{4}$/);
    expect(lines).toContain(`:${chain} - [0:0]`);
    const accepts = lines.filter((l) => l.startsWith(`-A ${chain} `));
    // 6 sources and 5 destinations, one port list: 6 jumps and 5 ACCEPTs instead of 30 ACCEPTs.
    expect(jumps).toHaveLength(6);
    expect(accepts).toHaveLength(5);
    // Expanding jumps × ACCEPTs gives every source × destination of the rule, nothing else.
    const pairs = jumps.flatMap((j) => accepts.map((a) => `${restoreWords(j)[restoreWords(j).indexOf('-s') + 1]}>${restoreWords(a)[restoreWords(a).indexOf('-d') + 1]}`));
    const want = rule.source.cidrs.filter((c) => c.family === 4).flatMap((s) => rule.destination.cidrs.filter((c) => c.family === 4).map((d) => `${formatCidr(s)}>${formatCidr(d)}`));
    expect(pairs.sort()).toEqual(want.sort());
    // A rule of more than 8 lines names itself on each line; its purposes are in the # lines once.
    for (const l of [...jumps, ...accepts]) expect(restoreWords(l)[restoreWords(l).indexOf('--comment') + 1]).toBe(rule.name);
    const block = lines.slice(lines.indexOf(`# ${rule.name}: ${rule.source.label} -> ${rule.destination.label}`));
    for (const p of rule.purposes) expect(block).toContain(`#   ${p}`);
  });
});

describe('iptables golden files', () => {
  it('four-zone: zone firewall and repo01 (inbound, and with outbound)', async () => {
    const zone = iptables.render(policyFor('four-zone', 'zone-firewall'), IN);
    expect(zone.files.map((f) => f.path)).toEqual(['zone-firewall.rules']);
    await expect(text(zone.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.zone-firewall.rules');
    const host = iptables.render(policyFor('four-zone', 'host', 'repo01'), IN);
    expect(host.files.map((f) => f.path)).toEqual(['repo01.rules']);
    await expect(text(host.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.rules');
    const out = iptables.render(policyFor('four-zone', 'host', 'repo01'), OUT);
    await expect(text(out.files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.outbound.rules');
  });

  it('hyperv-agents: zone firewall and vbr, IPv4 and IPv6 files', async () => {
    const zone = iptables.render(policyFor('hyperv-agents', 'zone-firewall'), IN);
    expect(zone.files.map((f) => f.path)).toEqual(['zone-firewall.rules', 'zone-firewall.rules6']);
    await expect(text(zone.files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.zone-firewall.rules');
    await expect(text(zone.files[1]!)).toMatchFileSnapshot('__golden__/hyperv-agents.zone-firewall.rules6');
    const host = iptables.render(policyFor('hyperv-agents', 'host', 'vbr'), IN);
    expect(host.files.map((f) => f.path)).toEqual(['vbr.rules', 'vbr.rules6']);
    await expect(text(host.files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.vbr.rules');
    await expect(text(host.files[1]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.vbr.rules6');
  });

  it('wide: rules between large sets get a chain each', async () => {
    const zone = iptables.render(policyFor('wide', 'zone-firewall'), IN);
    await expect(text(zone.files[0]!)).toMatchFileSnapshot('__golden__/wide.zone-firewall.rules');
  });

  it('is deterministic', () => {
    for (const f of FIXTURES) expect(iptables.render(policyFor(f, 'zone-firewall'), IN)).toEqual(iptables.render(policyFor(f, 'zone-firewall'), IN));
  });
});

describe('iptables-restore --test accepts every output', () => {
  for (const fixture of VALIDATED)
    it(`${fixture}: zone firewall and every host with inbound flows`, () => {
      const all = validatorCases(fixture);
      expect(all.length).toBeGreaterThan(2);
      for (const c of all)
        for (const f of iptables.render(c.policy, c.opts).files) {
          const r = run(restoreTool(f), ['--test'], text(f));
          expect(r.status, `${c.name} ${f.path}: ${r.stderr}`).toBe(0);
        }
    });

  it('the validator rejects a broken file (the check can fail)', () => {
    const r = run('iptables-restore', ['--test'], '*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT\nCOMMIT\n');
    expect(r.status).not.toBe(0);
  });
});

describe('iptables structure', () => {
  it('zone firewall: FORWARD policy DROP, conntrack first, then the dedicated chain', () => {
    const c = text(iptables.render(policyFor('four-zone', 'zone-firewall'), IN).files[0]!).split('\n');
    // The rules' own chains (VBRWALL-FWD-0025) are declared with the others and reached only from VBRWALL-FWD.
    const rules = c.filter((l) => (l.startsWith('-A ') || l.startsWith(':')) && !/^(:|-A )VBRWALL-FWD-\d{4} /.test(l));
    expect(rules.slice(0, 7)).toEqual([
      ':INPUT ACCEPT [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':VBRWALL-FWD - [0:0]',
      '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      '-A FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A FORWARD -j VBRWALL-FWD',
    ]);
    expect(rules.slice(7).every((l) => /^-A VBRWALL-FWD ((-s \S+ )?(-d \S+ )?-p (tcp|udp) -m |-m comment --comment "[^"]+" -j VBRWALL-FWD-\d{4}$)/.test(l))).toBe(true);
    expect(c.filter((l) => l === 'COMMIT')).toHaveLength(1);
  });

  it('host: INPUT policy DROP with loopback; OUTPUT only with --outbound', () => {
    const inOnly = text(iptables.render(policyFor('four-zone', 'host', 'repo01'), IN).files[0]!);
    expect(inOnly).toContain(':INPUT DROP [0:0]');
    expect(inOnly).toContain('-A INPUT -i lo -j ACCEPT');
    expect(inOnly).toContain(':OUTPUT ACCEPT [0:0]');
    expect(inOnly).not.toContain('VBRWALL-OUT');
    expect(inOnly).toMatch(/^-A VBRWALL-IN -s 10\.10\.0\.10\/32 -p tcp -m tcp --dport 6160 /m);
    const withOut = text(iptables.render(policyFor('four-zone', 'host', 'repo01'), OUT).files[0]!);
    expect(withOut).toContain(':OUTPUT DROP [0:0]');
    expect(withOut).toContain('-A OUTPUT -j VBRWALL-OUT');
    expect(withOut).toMatch(/^-A VBRWALL-OUT -d \S+ -p (tcp|udp) /m);
    expect(withOut).not.toMatch(/^-A VBRWALL-OUT -s /m);
  });

  it('splits port lists beyond 15 slots (a range takes two) into more rules', () => {
    expect(chunkPorts([[1, 1], [2, 3], [5, 5]])).toEqual([[[1, 1], [2, 3], [5, 5]]]);
    const singles = Array.from({ length: 16 }, (_, i) => [1000 + 2 * i, 1000 + 2 * i] as const);
    expect(chunkPorts(singles).map((c) => c.length)).toEqual([15, 1]);
    const ranges = Array.from({ length: 8 }, (_, i) => [100 * i + 1, 100 * i + 50] as const);
    expect(chunkPorts(ranges).map((c) => c.length)).toEqual([7, 1]);

    const p = policyFor('four-zone', 'host', 'repo01');
    const wide: Policy = { ...p, rules: [{ ...p.rules[0]!, services: [{ protocol: 'tcp', ports: [...singles, ...ranges] }] }], outbound: [] };
    const f = text(iptables.render(wide, IN).files[0]!);
    const lists = f.split('\n').filter((l) => l.startsWith('-A VBRWALL-IN')).map((l) => restoreWords(l)[restoreWords(l).indexOf('--dports') + 1]!.split(','));
    const sources = wide.rules[0]!.source.cidrs.length;
    expect(lists.length).toBe(3 * sources);
    for (const l of lists) expect(l.reduce((n, x) => n + (x.includes(':') ? 2 : 1), 0)).toBeLessThanOrEqual(15);
    expect(lists.flat()).toHaveLength(24 * sources);
    expect(run('iptables-restore', ['--test'], f).status).toBe(0);
  });

  it('reports the FQDN-only rules it cannot match and leaves them out', () => {
    const r = iptables.render(policyFor('four-zone', 'zone-firewall'), IN);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.code === 'RENDER_FQDN_UNSUPPORTED' && d.severity === 'error')).toBe(true);
    expect(text(r.files[0]!)).not.toContain('-> s3\n');
  });
});

describe('iptables deploy phase', () => {
  it('deploy-phase rules say so in the comment block and in --comment', () => {
    const p = policyFor('four-zone', 'host', 'repo01', { phase: 'deploy' });
    const deploy = p.rules.filter((r) => r.phase === 'deploy');
    expect(deploy.length).toBeGreaterThan(0);
    const f = text(iptables.render(p, IN).files[0]!);
    for (const r of deploy) {
      expect(f).toContain(`# ${r.name}: `);
      expect(comments(f)).toContain(expectedComment(r));
      expect(expectedComment(r)).toContain('[deploy phase only]');
    }
    expect(f).toContain('#   deploy phase only: remove after installation or upgrade');
  });
});

describe('iptables IPv6', () => {
  it('renders IPv6 sources into the ip6tables file only', () => {
    const [v4, v6] = iptables.render(policyFor('hyperv-agents', 'host', 'vbr'), IN).files.map(text);
    expect(v6).toMatch(/^-A VBRWALL-IN -s 2001:db8:10::50\/128 -p tcp -m multiport --dports 22,9419:9420,10443 /m);
    expect(v6).toContain('-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT');
    expect(v6).not.toMatch(/-[sd] \d+\.\d+\.\d+\.\d+/);
    expect(v4).not.toMatch(/-[sd] [0-9a-f]*:/);
    expect(v4).toMatch(/^-A VBRWALL-IN -s 203\.0\.113\.10\/31 /m);
  });

  it('an IPv4-only policy has no ip6tables file', () => {
    expect(iptables.render(policyFor('four-zone', 'host', 'repo01'), OUT).files).toHaveLength(1);
  });

  it('warns about rules whose two sides share no address family, and names them in the file', () => {
    const r = iptables.render(policyFor('hyperv-agents', 'zone-firewall'), IN);
    const lost = r.diagnostics.filter((d) => d.code === 'RENDER_UNSUPPORTED');
    expect(lost).toHaveLength(2);
    expect(lost.every((d) => d.severity === 'warning' && d.message.includes('console'))).toBe(true);
    expect(text(r.files[0]!)).toMatch(/^# mgmt-to-storage-01: console -> .* not rendered/m);
  });
});

describe('iptables hostile names', () => {
  const all = validatorCases('hostile');
  const files = all.flatMap((c) => iptables.render(c.policy, c.opts).files.map((f) => ({ c, f })));

  it('every line is a comment, a table, chain or COMMIT line, or a rule of known words', () => {
    expect(files.length).toBeGreaterThan(5);
    const safeWord = /^[-A-Za-z0-9.:/,_]+$/;
    for (const { c, f } of files) {
      const expected = new Set([...c.policy.rules, ...c.policy.outbound].map(expectedComment));
      for (const line of text(f).split('\n')) {
        expect(Buffer.byteLength(line)).toBeLessThan(10240);
        if (line === '' || line.startsWith('#') || line === '*filter' || line === 'COMMIT') continue;
        if (line.startsWith(':')) {
          expect(line).toMatch(/^:(INPUT|FORWARD|OUTPUT|VBRWALL-(FWD|IN|OUT)) (ACCEPT|DROP|-) \[0:0\]$/);
          continue;
        }
        const w = restoreWords(line);
        expect(w[0], line).toBe('-A');
        const at = w.indexOf('--comment');
        const words = at < 0 ? w : [...w.slice(0, at), ...w.slice(at + 2)];
        for (const x of words) expect(x, line).toMatch(safeWord);
        if (at >= 0) {
          expect(w.slice(-2)).toEqual(['-j', 'ACCEPT']);
          expect(at).toBe(w.length - 4);
          expect(expected.has(w[at + 1]!), w[at + 1]).toBe(true);
        }
      }
    }
  });

  it('comments keep the hostile text as data: quotes and backslashes are escaped', () => {
    const zone = files.find(({ c }) => c.policy.scope === 'zone-firewall')!;
    const cs = comments(text(zone.f));
    // rule names are safe slugs; the hostile host names travel as data in the # comment lines,
    // where a newline in a name is folded so it cannot start a rule line
    expect(cs.some((x) => /^mgmt_drop_\w+-to-data_id_x__\w+-01: /.test(x))).toBe(true);
    expect(text(zone.f)).toMatch(/^# mgmt_drop_\w+-to-data_id_x__\w+-01: vbr'; DROP TABLE -- -> proxy line2 #comment, repo\$\(reboot\)`id`\\$/m);
    expect(text(zone.f)).not.toMatch(/^line2/m);
  });

  it('iptables-restore --test accepts them', () => {
    for (const { c, f } of files) {
      const r = run(restoreTool(f), ['--test'], text(f));
      expect(r.status, `${c.name} ${f.path}: ${r.stderr}`).toBe(0);
    }
  });

  it('loaded into a scratch network namespace, iptables-save gives back the same comments', () => {
    for (const { f } of files.filter(({ c }) => c.policy.scope === 'zone-firewall' || c.opts.outbound)) {
      const tool = restoreTool(f);
      const save = tool.replace('restore', 'save');
      const r = run('unshare', ['--net', 'sh', '-c', `${tool} && ${save} -t filter`], text(f));
      expect(r.status, r.stderr).toBe(0);
      expect(comments(r.stdout)).toEqual(comments(text(f)));
    }
  });
});
