import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOG, catalogEntry } from '../catalog/index.js';
import { loadDeployment } from '../model/load.js';
import { portsCover, subtractPorts, unionPorts } from '../net/ports.js';
import { loadFixture, planFor } from '../../test/helpers.js';
import { formatPlanTable } from './format.js';
import { planToJson, writePlanJson } from './json.js';
import { buildPlan } from './plan.js';
import { flowCount, selectFlows, typedPlan, zonePairFlowCounts } from './typed.js';

describe('plan of the four-zone example', () => {
  it('matches the golden JSON and table', async () => {
    const plan = planFor('four-zone');
    await expect(JSON.stringify(planToJson(plan), null, 2) + '\n').toMatchFileSnapshot('__golden__/four-zone.plan.json');
    await expect(formatPlanTable(plan)).toMatchFileSnapshot('__golden__/four-zone.plan.txt');
    await expect(formatPlanTable(planFor('hyperv-agents'))).toMatchFileSnapshot('__golden__/hyperv-agents.plan.txt');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(planToJson(planFor('four-zone')))).toBe(JSON.stringify(planToJson(planFor('four-zone'))));
  });

  it('has one object per (from, to, protocol) with sorted, merged ports', () => {
    const plan = planFor('four-zone');
    const keys = plan.flows.map((f) => `${f.from}>${f.to}/${f.protocol}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const f of plan.flows) {
      for (let i = 1; i < f.ports.length; i++) expect(f.ports[i]![0]).toBeGreaterThan(f.ports[i - 1]![1] + 1);
      expect(f.sources.length).toBeGreaterThan(0);
      expect(f.purposes.length).toBeGreaterThan(0);
    }
  });

  it('contains the flows the issue names, from the official pages', () => {
    const plan = planFor('four-zone');
    const flow = (from: string, to: string, proto = 'tcp') => plan.flows.find((f) => f.from === from && f.to === to && f.protocol === proto);
    // v13: 6162 is the data mover port with 2500-3300 as failover
    expect(flow('vbr01', 'proxy01')?.ports).toContainEqual([6162, 6162]);
    expect(flow('vbr01', 'proxy01')?.failover).toContainEqual([2500, 3300]);
    // vPower NFS runs from the ESXi hosts to the mount server, TCP and UDP, 1063 when not on the backup server
    for (const proto of ['tcp', 'udp']) {
      const nfs = flow('esxi', 'mount01', proto);
      expect(nfs?.ports).toEqual(expect.arrayContaining([[111, 111], [1063, 1063], [2049, 2049]]));
    }
    expect(flow('mount01', 'esxi')).toBeUndefined();
    // the backup server reaches the mount server on 6160, 6161, 6162 and 6170
    expect(portsCover(flow('vbr01', 'mount01')!.ports, [[6160, 6162], [6170, 6170]])).toBe(true);
    // the console reaches the backup server on 443 (v13), not 9392
    expect(portsCover(flow('admins', 'vbr01')!.ports, [[443, 443]])).toBe(true);
    expect(portsCover(flow('admins', 'vbr01')!.ports, [[9392, 9392]])).toBe(false);
  });

  it('says which defaults it applied', () => {
    const plan = planFor('four-zone');
    expect(plan.defaults.map((d) => d.id)).toContain('default-guest-interaction-proxy');
    expect(plan.diagnostics.some((d) => d.code === 'PLAN_DEFAULT_APPLIED' && /guest processing runs from the backup server/.test(d.message))).toBe(true);
  });

  it('uses the Windows proxies for guest processing when the backup server runs Linux', () => {
    const d = loadFixture('four-zone');
    const vbr = d.hosts.find((h) => h.name === 'vbr01')!;
    vbr.os = 'linux';
    const plan = buildPlan(d);
    const gp = plan.defaults.find((x) => x.id === 'default-guest-interaction-proxy');
    expect(gp?.hosts).toEqual(['proxy01']);
    expect(plan.flows.some((f) => f.from === 'proxy01' && f.to === 'win-guests' && portsCover(f.ports, [[6173, 6173]]))).toBe(true);
  });

  it('leaves deploy-only flows out of an operate plan and marks them in a deploy plan', () => {
    const operate = planFor('four-zone');
    const deploy = planFor('four-zone', { phase: 'deploy' });
    const ssh = (p: typeof operate) => p.flows.find((f) => f.from === 'vbr01' && f.to === 'repo01');
    expect(portsCover(ssh(operate)!.ports, [[22, 22]])).toBe(false);
    expect(portsCover(ssh(deploy)!.deployOnly, [[22, 22]])).toBe(true);
    for (const f of operate.flows) expect(f.deployOnly).toEqual([]);
  });

  it('--no-failover leaves failover ports out', () => {
    const plan = planFor('four-zone', { failover: false });
    for (const f of plan.flows) expect(f.failover).toEqual([]);
    expect(plan.flows.find((f) => f.from === 'vbr01' && f.to === 'proxy01')!.ports).not.toContainEqual([2500, 3300]);
  });

  it('applies port overrides', () => {
    const text = `name: O
zones: { a: { cidrs: [10.0.0.0/24] }, b: { cidrs: [10.1.0.0/24] } }
hosts:
  vbr: { address: 10.0.0.1, os: windows, roles: [backup-server] }
  api: { address: 10.1.0.1, roles: [rest-client] }
  px:  { address: 10.1.0.2, os: linux, roles: [vmware-proxy] }
overrides: { rest-api-port: 9999, failover-range: "2500-2600", data-mover-port: 7000 }
`;
    const r = loadDeployment(text, 'o.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const plan = buildPlan(r.value.deployment);
    expect(plan.flows.find((f) => f.from === 'api' && f.to === 'vbr')!.ports).toEqual([[9999, 9999]]);
    const px = plan.flows.find((f) => f.from === 'vbr' && f.to === 'px')!;
    expect(px.failover).toEqual([[2500, 2600]]);
    expect(portsCover(px.ports, [[7000, 7000]])).toBe(true);
    expect(portsCover(px.ports, [[6162, 6162]])).toBe(false);
  });

  it('never yields a port that is not in a cited catalog entry of the flow (property)', () => {
    const base = loadFixture('hyperv-agents');
    const features = Object.keys(base.features) as (keyof typeof base.features)[];
    fc.assert(
      fc.property(fc.subarray(features), fc.boolean(), fc.constantFrom('operate', 'deploy'), (on, failover, phase) => {
        const d = { ...base, features: Object.fromEntries(features.map((f) => [f, on.includes(f)])) as typeof base.features };
        const plan = buildPlan(d, { phase: phase as 'operate' | 'deploy', failover });
        for (const f of plan.flows) {
          const allowed = unionPorts(
            ...f.reasons.map((r) => {
              const e = catalogEntry(r.entry)!;
              expect(e.protocols).toContain(f.protocol);
              return unionPorts(e.ports, failover ? e.failover ?? [] : []);
            }),
          );
          expect(subtractPorts(f.ports, allowed)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('covers every catalog entry in at least one of the test deployments or says why not', () => {
    // An entry no fixture exercises is fine, but the count is watched so the catalog stays reachable.
    const used = new Set<string>();
    for (const name of ['four-zone', 'hyperv-agents'])
      for (const phase of ['operate', 'deploy'] as const) for (const f of planFor(name, { phase }).flows) for (const r of f.reasons) used.add(r.entry);
    expect(used.size).toBeGreaterThan(CATALOG.length / 4);
  });
});

describe('the typed plan', () => {
  it.each(['four-zone', 'hyperv-agents', 'wide', 'every-role', 'hostile'])('%s: counts and expands to the same flows as the pairs it stands for', (name) => {
    for (const phase of ['operate', 'deploy'] as const) {
      const plan = planFor(name, { phase });
      const t = typedPlan(plan)!;
      expect(t).toBeDefined();
      const pairs = plan.flows;
      expect(flowCount(plan)).toBe(pairs.length);
      // Every host of a type takes part in the same flows: the expansion is the type flows × hosts.
      for (const f of pairs) {
        const tf = t.flows.find((x) => x.from === t.typeOf.get(f.from) && x.to === t.typeOf.get(f.to) && x.protocol === f.protocol)!;
        expect(tf.ports).toEqual(f.ports);
        expect(tf.reasons).toBe(f.reasons);
      }
      // Counts per zone pair and selections agree with the expanded pairs.
      const counts = new Map<string, number>();
      for (const f of pairs) counts.set(`${f.fromZone}\u0000${f.toZone}`, (counts.get(`${f.fromZone}\u0000${f.toZone}`) ?? 0) + 1);
      expect(new Map([...zonePairFlowCounts(plan)].sort())).toEqual(new Map([...counts].sort()));
      const zoneOf = new Map(plan.deployment.hosts.map((h) => [h.name, h.zone]));
      const first = plan.deployment.zones[0]!.name;
      const picked = selectFlows(plan, (a, b, f) => a.zone === first && b.zone !== first && f.protocol === 'tcp');
      expect(picked.length).toBeGreaterThan(0);
      expect(picked).toEqual(pairs.filter((f) => zoneOf.get(f.from) === first && f.toZone !== first && f.protocol === 'tcp'));
      // Replacing the flows drops the typed form, so nothing stale is used.
      plan.flows = pairs.slice(1);
      expect(typedPlan(plan)).toBeUndefined();
      expect(flowCount(plan)).toBe(pairs.length - 1);
    }
  });
});

describe('the plan JSON, written in chunks', () => {
  it.each(['four-zone', 'hyperv-agents', 'wide', 'every-role', 'hostile'])('%s: the same bytes as JSON.stringify of planToJson', (name) => {
    for (const opts of [{}, { phase: 'deploy' as const }, { failover: false }]) {
      const plan = planFor(name, opts);
      const chunks: string[] = [];
      writePlanJson(plan, (s) => chunks.push(s));
      expect(chunks.join('')).toBe(JSON.stringify(planToJson(plan), null, 2) + '\n');
    }
  });

  it('an empty plan too', () => {
    const plan = planFor('four-zone');
    plan.flows = [];
    const chunks: string[] = [];
    writePlanJson(plan, (s) => chunks.push(s));
    expect(chunks.join('')).toBe(JSON.stringify(planToJson(plan), null, 2) + '\n');
  });
});
