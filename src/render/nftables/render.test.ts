import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hostsWithInbound, policyFor, VALIDATED, validatorCases } from '../../../test/helpers.js';
import { formatCidr } from '../../net/ip.js';
import type { RenderedFile, RenderOptions } from '../types.js';
import { nftables } from './index.js';

const IN: RenderOptions = { outbound: false };
const OUT: RenderOptions = { outbound: true };
const text = (f: RenderedFile): string => String(f.content);
const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

/** `nft -c -f -`: parses and checks the ruleset in the kernel without loading it. A missing nft fails the test. */
function nftCheck(input: string): { status: number | null; stderr: string } {
  const p = spawnSync('nft', ['-c', '-f', '-'], { input, encoding: 'utf8', env: { ...process.env, PATH } });
  if (p.error) throw new Error(`nft could not run (${p.error.message}): install the Debian package nftables and run the tests as root; this validator is never skipped`);
  return { status: p.status, stderr: p.stderr };
}


describe('nft -c accepts every output', () => {
  for (const fixture of [...VALIDATED, 'hostile', 'every-role'])
    it(`${fixture}: zone firewall and every host with inbound flows, with and without outbound`, () => {
      const all = validatorCases(fixture);
      expect(all.length).toBeGreaterThan(2);
      for (const c of all)
        for (const f of nftables.render(c.policy, c.opts).files) {
          const r = nftCheck(text(f));
          expect(r.status, `${c.name} ${f.path}: ${r.stderr}`).toBe(0);
        }
    });

  it('the validator rejects a broken file (the check can fail)', () => {
    expect(nftCheck('table inet t {\n\tchain c {\n\t\ttcp dport 70000 accept\n\t}\n}\n').status).not.toBe(0);
  });
});

describe('nftables golden files', () => {
  it('four-zone: zone firewall and repo01 (inbound, and with outbound)', async () => {
    await expect(text(nftables.render(policyFor('four-zone', 'zone-firewall'), IN).files[0]!)).toMatchFileSnapshot('__golden__/four-zone.zone-firewall.nft');
    await expect(text(nftables.render(policyFor('four-zone', 'host', 'repo01'), IN).files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.nft');
    await expect(text(nftables.render(policyFor('four-zone', 'host', 'repo01'), OUT).files[0]!)).toMatchFileSnapshot('__golden__/four-zone.host.repo01.outbound.nft');
  });

  it('hyperv-agents: zone firewall and vbr (IPv4 and IPv6 in one inet table)', async () => {
    await expect(text(nftables.render(policyFor('hyperv-agents', 'zone-firewall'), IN).files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.zone-firewall.nft');
    await expect(text(nftables.render(policyFor('hyperv-agents', 'host', 'vbr'), IN).files[0]!)).toMatchFileSnapshot('__golden__/hyperv-agents.host.vbr.nft');
  });

  it('wide: address objects of several prefixes are named sets', async () => {
    await expect(text(nftables.render(policyFor('wide', 'zone-firewall'), IN).files[0]!)).toMatchFileSnapshot('__golden__/wide.zone-firewall.nft');
  });
});

describe('nftables structure', () => {
  it('a named set is declared once, before use, and holds exactly the prefixes of its object', () => {
    const policy = policyFor('wide', 'zone-firewall');
    const out = text(nftables.render(policy, IN).files[0]!);
    const decls = [...out.matchAll(/^\tset (\S+) \{\n\t\ttype (ipv4_addr|ipv6_addr); flags interval;\n\t\telements = \{ ([^}]*) \}\n\t\}$/gm)];
    expect(decls.length).toBeGreaterThan(0);
    const names = decls.map((d) => d[1]!);
    expect(new Set(names).size).toBe(names.length);
    const firstRule = out.indexOf(' accept comment ');
    for (const d of decls) {
      expect(out.indexOf(`\tset ${d[1]} {`)).toBeLessThan(firstRule);
      expect(out).toContain(`@${d[1]} `);
      const obj = policy.addresses.find((a) => d[1] === `${a.id}_v${d[2] === 'ipv4_addr' ? 4 : 6}`)!;
      expect(obj).toBeDefined();
      const want = obj.cidrs.filter((c) => c.family === (d[2] === 'ipv4_addr' ? 4 : 6)).length;
      expect(d[3]!.split(', ')).toHaveLength(want);
    }
    // Every @reference has a declaration.
    for (const m of out.matchAll(/@(\S+)/g)) expect(names).toContain(m[1]);
  });

  it('any address of the internet zone leaves out the internal zones, and an object that also holds internal hosts keeps theirs', () => {
    const zone = policyFor('four-zone', 'zone-firewall');
    const out = text(nftables.render(zone, IN).files[0]!);
    const rule = zone.rules.find((r) => r.source.any)!;
    const line = out.split('\n').find((l) => l.includes(`comment "${rule.name}"`))!;
    const set = /ip saddr != @(\S+) /.exec(line)![1]!;
    const elements = new RegExp(`set ${set} \\{\\n\\t\\ttype ipv4_addr; flags interval;\\n\\t\\telements = \\{ ([^}]*) \\}`).exec(out)![1]!.split(', ');
    const internal = zone.deployment.zones.filter((z) => !z.internet).flatMap((z) => z.cidrs.filter((c) => c.family === 4).map((c) => formatCidr(c)));
    expect(elements.sort()).toEqual(internal.sort());
    // On ccgw01's host firewall, repo01 and the tenants share a rule: repo01's own address is not left out.
    const host = policyFor('four-zone', 'host', 'ccgw01');
    const mixed = host.rules.find((r) => r.source.any && r.source.hosts.length > 1);
    expect(mixed).toBeDefined();
    if (mixed) {
      const own = mixed.source.hosts.flatMap((n) => host.deployment.hosts.find((h) => h.name === n)!.addresses.map((a) => formatCidr(a)));
      const hostOut = text(nftables.render(host, IN).files[0]!);
      const name = /ip saddr != @(\S+) /.exec(hostOut.split('\n').find((l) => l.includes(`comment "${mixed.name}"`))!)![1]!;
      const left = new RegExp(`set ${name} \\{\\n\\t\\ttype ipv4_addr; flags interval;\\n\\t\\telements = \\{ ([^}]*) \\}`).exec(hostOut)![1]!;
      const items = left.split(', ');
      expect(items.length).toBeGreaterThan(1);
      // No element covers repo01's address (its /32 was cut out of the internal prefixes).
      for (const a of own) expect(items.some((x) => x === a.replace('/32', '') || x.startsWith(`${a.replace('/32', '')}/`))).toBe(false);
    }
  });

  it('is deterministic', () => {
    for (const f of VALIDATED) expect(nftables.render(policyFor(f, 'zone-firewall'), IN)).toEqual(nftables.render(policyFor(f, 'zone-firewall'), IN));
  });
});
