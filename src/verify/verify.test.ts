import { afterEach, describe, expect, it, vi } from 'vitest';
import { cidrContains, hostCidr, parseIp } from '../net/ip.js';
import { loadFixture, planFor } from '../../test/helpers.js';
import { COMMON_PORTS, excessChecks, listenPlan, makeOracle, requiredChecks } from './expect.js';
import { layoutHosts } from './layout.js';
import { formatVerifyTable, verifyFailed, verifyToJson } from './report.js';
import { isIpv6File, loaderFor } from './ruleset.js';
import { preflight, type CheckResult, type VerifyReport } from './verify.js';

const inside = (address: string, cidrs: { family: 4 | 6; base: bigint; prefix: number }[]): boolean => {
  const ip = parseIp(address)!;
  return cidrs.some((c) => cidrContains(c, hostCidr(ip)));
};

describe('layout', () => {
  it('gives hosts their own addresses, groups and zone hosts one free address inside, the internet a stand-in in no zone', () => {
    const d = loadFixture('four-zone');
    const { hosts, problems } = layoutHosts(d);
    expect(problems).toEqual([]);
    const at = (n: string) => hosts.find((h) => h.name === n)!;
    expect(at('vbr01').addresses).toEqual([{ family: 4, address: '10.10.0.10' }]);
    expect(at('win-guests').addresses).toEqual([{ family: 4, address: '10.20.10.1' }]);
    const zoneCidrs = d.zones.flatMap((z) => z.cidrs);
    for (const n of ['tenants', 's3']) {
      expect(at(n).standIn).toBe(true);
      expect(at(n).addresses.length).toBe(1);
      expect(inside(at(n).addresses[0]!.address, zoneCidrs)).toBe(false);
    }
    const all = hosts.flatMap((h) => h.addresses.map((a) => a.address));
    expect(new Set(all).size).toBe(all.length);
  });

  it('gives IPv6 stand-ins when the deployment has IPv6, and one address per family for a group', () => {
    const { hosts } = layoutHosts(loadFixture('hyperv-agents'));
    const vbr = hosts.find((h) => h.name === 'vbr')!;
    expect(vbr.addresses.map((a) => a.family)).toEqual([4, 6]);
    // blob is an fqdn host in the internet zone
    expect(hosts.find((h) => h.name === 'blob')!.addresses.map((a) => a.family)).toEqual([4, 6]);
  });
});

describe('expectations', () => {
  it('probes every cross-zone flow and skips fqdn ones with a reason', () => {
    const plan = planFor('four-zone');
    const { hosts } = layoutHosts(plan.deployment);
    const { checks, skipped } = requiredChecks(plan, hosts);
    const cross = plan.flows.filter((f) => f.fromZone !== f.toZone);
    expect(new Set(checks.map((c) => c.flow)).size + skipped.length).toBe(cross.length);
    expect(skipped).toEqual([expect.objectContaining({ flow: 'vbr01>s3/tcp' })]);
    expect(checks.every((c) => c.kind === 'required')).toBe(true);
    expect(checks).toContainEqual(expect.objectContaining({ from: 'tenants', to: 'ccgw01', protocol: 'udp', port: 6180 }));
    const skip = new Map([['vbr01>repo01/tcp', 'test']]);
    expect(requiredChecks(plan, hosts, { skip }).skipped).toContainEqual({ flow: 'vbr01>repo01/tcp', reason: 'test' });
  });

  it('excess checks are the common ports between hosts of different zones that no flow needs', () => {
    const plan = planFor('four-zone');
    const { hosts } = layoutHosts(plan.deployment);
    const ex = excessChecks(plan, hosts);
    const need = makeOracle(plan);
    expect(ex.length).toBeGreaterThan(100);
    for (const c of ex) {
      expect(hosts.find((h) => h.name === c.from)!.zone).not.toBe(hosts.find((h) => h.name === c.to)!.zone);
      expect(need(c.source, c.address, c.protocol, c.port)).toBe(false);
      expect(COMMON_PORTS.map((p) => p.port)).toContain(c.port);
    }
    // vbr01 → proxy02 on 22 is in the plan (SSH to a Linux proxy), so it is not an excess check
    expect(ex.some((c) => c.from === 'vbr01' && c.to === 'proxy02' && c.port === 22)).toBe(false);
    expect(ex.some((c) => c.from === 'vbr01' && c.to === 'repo01' && c.port === 22)).toBe(true);
    // the oracle decides by address: anything from the internet zone host stands for any address
    expect(need('198.51.100.7', '10.40.0.5', 'tcp', 6180)).toBe(true);
    expect(need('198.51.100.7', '10.40.0.5', 'tcp', 22)).toBe(false);
  });

  it('listens on exactly the ports probed, per destination', () => {
    const plan = planFor('four-zone');
    const { hosts } = layoutHosts(plan.deployment);
    const all = [...requiredChecks(plan, hosts).checks, ...excessChecks(plan, hosts)];
    const l = listenPlan(all);
    for (const c of all) expect(l.get(c.to)![c.protocol]).toContain(c.port);
  });
});

describe('rulesets and preflight', () => {
  afterEach(() => vi.restoreAllMocks());

  it('loads iptables IPv6 files with ip6tables-restore', () => {
    expect(isIpv6File('zone-firewall.rules6')).toBe(true);
    expect(isIpv6File('zone-firewall.rules')).toBe(false);
    expect(loaderFor('iptables', 'fw.rules6')).toBe('ip6tables-restore');
    expect(loaderFor('iptables', 'fw.rules')).toBe('iptables-restore');
    expect(loaderFor('nftables', 'fw.rules6')).toBe('nft');
  });

  it('says it needs root when it is not root', () => {
    vi.spyOn(process as { getuid: () => number }, 'getuid').mockReturnValue(1000);
    const p = preflight('nftables');
    if (process.platform === 'linux') expect(p.join('\n')).toContain('needs root');
    else expect(p.join('\n')).toContain('needs Linux');
  });
});

describe('report', () => {
  const plan = planFor('four-zone');
  const { hosts } = layoutHosts(plan.deployment);
  const req = requiredChecks(plan, hosts);
  const ex = excessChecks(plan, hosts);
  const as = (c: (typeof ex)[number], status: CheckResult['status']): CheckResult => ({ ...c, status, ms: 1, listened: true });
  const base: VerifyReport = {
    deployment: plan.deployment.name,
    target: 'nftables',
    ruleset: 'rendered by vbrwall: zone-firewall.nft',
    hosts,
    namespaces: ['vbw1-1-r'],
    kept: false,
    full: false,
    required: req.checks.map((c) => as(c, 'open')),
    excess: ex.map((c) => as(c, 'filtered')),
    failures: [],
    exposures: [],
    skipped: req.skipped,
    notes: [],
    staleRemoved: [],
    timing: { setupMs: 1000, probeMs: 2000, totalMs: 3000 },
  };

  it('passes when nothing failed and nothing is exposed', () => {
    expect(verifyFailed(base)).toBe(false);
    expect(formatVerifyTable(base)).toContain('PASSED');
    expect(verifyToJson(base)).toMatchObject({ passed: true, failures: [], exposures: [], skipped: [{ flow: 'vbr01>s3/tcp' }] });
  });

  it('lists failures and exposures, grouped by pair with their ports', () => {
    const failures = base.required.filter((r) => r.from === 'vbr01' && r.to === 'repo01').map((r) => ({ ...r, status: 'filtered' as const }));
    const exposures = base.excess.filter((r) => r.from === 'vcsa01' && r.to === 'vbr01').map((r) => ({ ...r, status: 'open' as const }));
    const r = { ...base, failures, exposures };
    expect(verifyFailed(r)).toBe(true);
    const t = formatVerifyTable(r);
    expect(t).toContain('vbr01 → repo01 (10.10.0.10 → 10.30.0.21): tcp 2500, 2900, 3300, 6160: dropped  [vbr01>repo01/tcp]');
    expect(t).toContain('vcsa01 → vbr01 (10.20.0.5 → 10.10.0.10): tcp 22 SSH, 135 RPC, 445 SMB');
    expect(t).toContain('FAILED');
    expect(verifyToJson(r)).toMatchObject({ passed: false, exposures: expect.arrayContaining([expect.objectContaining({ from: 'vcsa01', to: 'vbr01', port: 22, status: 'open' })]) });
  });

  it('a ruleset that does not load fails', () => {
    expect(verifyFailed({ ...base, loadError: { file: 'x.nft', message: 'syntax error' } })).toBe(true);
  });
});
