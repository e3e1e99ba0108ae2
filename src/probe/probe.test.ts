import { describe, expect, it } from 'vitest';
import { loadDeployment } from '../model/load.js';
import { parseCidr, type Cidr } from '../net/ip.js';
import { buildPlan } from '../plan/plan.js';
import { planFor } from '../../test/helpers.js';
import type { Connect, Endpoint, ProbeStatus } from './connector.js';
import { formatProbeTable, probeFailed, probeToJson, probeToJunit, type ProbeReport } from './report.js';
import { progressLine, runProbes } from './run.js';
import { inboundPorts, portNotes, probeTargets, sampleAddresses, samplePorts } from './targets.js';

const cidr = (t: string): Cidr => (parseCidr(t) as { ok: true; cidr: Cidr }).cidr;

/** A fake network: a status per `address:protocol/port`, `filtered` for anything else. */
function fakeConnect(table: Record<string, ProbeStatus>, seen: Endpoint[] = [], inFlight = { now: 0, max: 0 }): Connect {
  return async (to, opts) => {
    seen.push(to);
    inFlight.now++;
    inFlight.max = Math.max(inFlight.max, inFlight.now);
    await new Promise((r) => setTimeout(r, 1));
    inFlight.now--;
    const status = table[`${to.address}:${to.protocol}/${to.port}`] ?? 'filtered';
    return { status, ms: status === 'filtered' ? opts.timeoutMs : 1, ...(status === 'filtered' ? { detail: 'timeout' } : {}) };
  };
}

describe('targets', () => {
  it('samples a range at both ends and the middle, and every port with full', () => {
    expect(samplePorts([[2500, 3300], [6162, 6162]])).toEqual([2500, 2900, 3300, 6162]);
    expect(samplePorts([[10, 11]])).toEqual([10, 11]);
    expect(samplePorts([[2500, 2504]], true)).toEqual([2500, 2501, 2502, 2503, 2504]);
  });

  it('spreads group samples over usable addresses of every prefix', () => {
    expect(sampleAddresses([cidr('10.20.10.0/23')], 1)).toEqual(['10.20.10.1']);
    expect(sampleAddresses([cidr('10.20.10.0/23')], 2)).toEqual(['10.20.10.1', '10.20.11.254']);
    expect(sampleAddresses([cidr('10.0.0.0/30'), cidr('10.0.1.0/30')], 4)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.1.1', '10.0.1.2']);
    expect(sampleAddresses([cidr('10.0.0.5/32')], 3)).toEqual(['10.0.0.5']);
    expect(sampleAddresses([cidr('2001:db8::/64')], 1)).toEqual(['2001:db8::1']);
  });

  it('lists every flow from the host, with the plan notes of each port', async () => {
    const plan = planFor('four-zone');
    const { targets, skipped } = await probeTargets(plan, 'proxy01');
    expect(targets.every((t) => plan.flows.some((f) => f.id === t.flow && f.from === 'proxy01'))).toBe(true);
    expect(targets).toContainEqual(expect.objectContaining({ to: 'repo01', address: '10.30.0.21', protocol: 'tcp', port: 6162, failover: false }));
    expect(targets).toContainEqual(expect.objectContaining({ to: 'repo01', port: 2900, failover: true }));
    // esxi is a group: one address by default
    expect(targets.filter((t) => t.to === 'esxi').map((t) => t.address)).toEqual(['10.20.1.1']);
    expect(skipped).toEqual([]);
    const more = await probeTargets(plan, 'proxy01', { sample: 3, full: true });
    expect(new Set(more.targets.filter((t) => t.to === 'esxi').map((t) => t.address)).size).toBe(3);
    expect(more.targets.filter((t) => t.to === 'repo01').length).toBe(802);
  });

  it('skips zone hosts and resolves fqdn hosts with the resolver given', async () => {
    const plan = planFor('four-zone');
    const none = await probeTargets(plan, 'vbr01');
    expect(none.skipped).toContainEqual(expect.objectContaining({ code: 'PROBE_UNRESOLVED', to: 's3' }));
    const resolved = await probeTargets(plan, 'vbr01', { resolve: async () => ['127.0.0.9'] });
    expect(resolved.targets).toContainEqual(expect.objectContaining({ to: 's3', address: '127.0.0.9', port: 443 }));
    const failing = await probeTargets(plan, 'vbr01', { resolve: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })) });
    expect(failing.skipped).toContainEqual(expect.objectContaining({ code: 'PROBE_UNRESOLVED', to: 's3', reason: expect.stringContaining('ENOTFOUND') }));
    const r = loadDeployment(
      'name: z\nzones:\n  a: { cidrs: [10.1.0.0/24] }\n  i: { internet: true }\nhosts:\n  vbr: { address: 10.1.0.1, os: windows, roles: [backup-server] }\n  t: { zone: i, roles: [cloud-tenant] }\n  gw: { address: 10.1.0.5, os: windows, roles: [cloud-gateway] }\n',
      'z.yaml',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const p = buildPlan(r.value.deployment);
    const fromGw = await probeTargets(p, 'gw');
    expect(fromGw.targets.length).toBeGreaterThan(0);
    const fromVbr = await probeTargets(p, 'vbr');
    expect(fromVbr.skipped.every((s) => s.code === 'PROBE_ZONE_SKIPPED' || s.code === 'PROBE_UNRESOLVED')).toBe(true);
  });

  it('knows which ports listen only while a job runs', () => {
    const plan = planFor('four-zone');
    const f = plan.flows.find((x) => x.id === 'ccgw01>repo01/tcp')!;
    expect(portNotes(f, 2500).jobOnly).toBe(true);
    const g = plan.flows.find((x) => x.id === 'proxy01>repo01/tcp')!;
    expect(portNotes(g, 6162)).toMatchObject({ jobOnly: false, failover: false });
  });

  it('opens ranges in full for listen, and per-flow samples with sample', () => {
    const plan = planFor('four-zone');
    const full = inboundPorts(plan, 'repo01');
    expect(full.tcp).toContain(2501);
    expect(full.tcp.length).toBe(801 + 2);
    const sampled = inboundPorts(plan, 'repo01', { sample: true });
    expect(sampled.tcp).toEqual([2500, 2900, 3300, 6160, 6162]);
    // every port any probe to repo01 tries is opened
    for (const from of ['proxy01', 'vbr01', 'ccgw01'])
      expect(sampled.tcp).toEqual(expect.arrayContaining(plan.flows.filter((f) => f.from === from && f.to === 'repo01').flatMap((f) => samplePorts(f.ports))));
    expect(inboundPorts(plan, 'ccgw01').udp).toEqual([6180]);
  });
});

describe('run', () => {
  it('keeps at most `concurrency` probes in flight and returns results in target order', async () => {
    const targets = Array.from({ length: 50 }, (_, i) => ({ address: '127.0.0.1', protocol: 'tcp' as const, port: 1000 + i }));
    const flight = { now: 0, max: 0 };
    const progress: number[] = [];
    const r = await runProbes(targets, fakeConnect({ '127.0.0.1:tcp/1003': 'open', '127.0.0.1:tcp/1004': 'refused' }, [], flight), { concurrency: 7, timeoutMs: 5, onProgress: (p) => progress.push(p.done) });
    expect(flight.max).toBeLessThanOrEqual(7);
    expect(flight.max).toBeGreaterThan(1);
    expect(r.results.map((x) => x.port)).toEqual(targets.map((t) => t.port));
    expect(r.results[3]!.status).toBe('open');
    expect(r.results[4]!.status).toBe('refused');
    expect(r.results[5]!.status).toBe('filtered');
    expect(progress.at(-1)).toBe(50);
    expect(r.aborted).toBe(false);
  });

  it('stops starting probes when the signal aborts', async () => {
    const ctl = new AbortController();
    const targets = Array.from({ length: 100 }, (_, i) => ({ address: '127.0.0.1', protocol: 'tcp' as const, port: 1000 + i }));
    const r = await runProbes(targets, fakeConnect({}), { concurrency: 2, timeoutMs: 1, signal: ctl.signal, onProgress: (p) => p.done === 10 && ctl.abort() });
    expect(r.aborted).toBe(true);
    expect(r.results.length).toBeLessThan(100);
  });

  it('draws a progress line only when asked and erases it at the end', () => {
    let out = '';
    const p = progressLine((s) => (out += s), 'probing:', 0);
    p.update({ done: 1, total: 2, counts: { open: 1, refused: 0, filtered: 0 } });
    p.end();
    expect(out).toContain('probing: 1/2');
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });
});

describe('reports', () => {
  async function report(table: Record<string, ProbeStatus>): Promise<ProbeReport> {
    const plan = planFor('four-zone');
    const { targets, skipped } = await probeTargets(plan, 'ccgw01');
    const r = await runProbes(targets, fakeConnect(table), { timeoutMs: 10 });
    return { deployment: plan.deployment.name, from: 'ccgw01', timeoutMs: 10, results: r.results, skipped, aborted: false };
  }

  it('json follows the contract shape and exit status 1 means a filtered required port', async () => {
    const r = await report({ '10.30.0.21:tcp/2500': 'refused', '10.30.0.21:tcp/2900': 'open' });
    const j = probeToJson(r) as { results: Record<string, unknown>[] };
    for (const x of j.results) expect(Object.keys(x)).toEqual(expect.arrayContaining(['to', 'address', 'protocol', 'port', 'status']));
    expect(j.results).toContainEqual(expect.objectContaining({ to: 'repo01', address: '10.30.0.21', protocol: 'tcp', port: 2500, status: 'refused', jobOnly: true }));
    expect(probeFailed(r)).toBe(true);
    const all: Record<string, ProbeStatus> = Object.fromEntries(r.results.map((x) => [`${x.address}:${x.protocol}/${x.port}`, 'open' as const]));
    expect(probeFailed(await report(all))).toBe(false);
  });

  it('says "listens only while a job runs" next to a refused job-only port', async () => {
    const t = formatProbeTable(await report({ '10.30.0.21:tcp/2500': 'refused' }));
    expect(t).toMatch(/repo01\s+10\.30\.0\.21\s+tcp\s+2500\s+refused\s+listens only while a job runs/);
    expect(t).toMatch(/filtered/);
  });

  it('junit: one case per probe, filtered as failures, escaped', async () => {
    const r = await report({ '10.30.0.21:tcp/2500': 'refused' });
    r.deployment = 'a<b>&"c"';
    const x = probeToJunit(r);
    expect(x.startsWith('<?xml')).toBe(true);
    expect(x).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect((x.match(/<testcase /g) ?? []).length).toBe(r.results.length + r.skipped.length);
    expect((x.match(/<failure /g) ?? []).length).toBe(r.results.filter((y) => y.status === 'filtered').length);
    expect(x).toContain('<system-out>refused: listens only while a job runs');
  });
});
