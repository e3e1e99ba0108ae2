/**
 * The planner: every catalog entry whose conditions hold, applied to every pair of hosts its
 * roles name, merged into one flow per (from, to, protocol).
 * @module
 */
import { CATALOG } from '../catalog/index.js';
import { cmpVersion } from '../catalog/version.js';
import type { Selector } from '../catalog/roles.js';
import type { CatalogEntry, Phase, Protocol, SourceRef } from '../catalog/types.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Deployment, Host } from '../model/types.js';
import { intersectPorts, normalizePorts, portsEqual, subtractPorts, unionPorts, type PortRange } from '../net/ports.js';
import { select, type Selection } from './defaults.js';
import type { AppliedDefault, Derived, Flow, FlowReason, Plan, PlanOptions, TypedPlan, TypeFlow } from './types.js';
import { pairFlows, typedPlans } from './typed.js';


/** Entry-level conditions: features, phase, version. */
export function entryApplies(e: CatalogEntry, d: Deployment, phase: Phase): boolean {
  const w = e.when;
  if (!w) return true;
  if (w.features?.some((f) => !d.features[f])) return false;
  if (w.anyFeatures && !w.anyFeatures.some((f) => d.features[f])) return false;
  if (w.withoutFeatures?.some((f) => d.features[f])) return false;
  if (w.phase === 'deploy' && phase !== 'deploy') return false;
  if (w.version?.min && cmpVersion(d.version, w.version.min) < 0) return false;
  if (w.version?.max && cmpVersion(d.version, w.version.max) > 0) return false;
  return true;
}

/** Ports of an entry after the deployment's overrides. */
function entryPorts(e: CatalogEntry, d: Deployment, to: Host): { ports: PortRange[]; failover: PortRange[] } {
  let ports = e.ports.map((r) => [r[0], r[1]] as [number, number]);
  let failover = (e.failover ?? []).map((r) => [r[0], r[1]] as [number, number]);
  const o = d.overrides;
  const isServer = to.roles.includes('backup-server');
  if (o.restApiPort && isServer && (e.service === 'rest-api' || portsEqual(ports, [[9419, 9419]]))) ports = [[o.restApiPort, o.restApiPort]];
  if (o.dataMoverPort && to.os === 'linux' && !isServer && (e.service === 'data-mover' || ports.some(([a, b]) => a === 6162 && b === 6162)))
    ports = ports.map(([a, b]) => (a === 6162 && b === 6162 ? [o.dataMoverPort!, o.dataMoverPort!] : [a, b]));
  if (o.failoverRange) failover = failover.flatMap(([a, b]) => (a === 2500 && b === 3300 ? [[o.failoverRange![0], o.failoverRange![1]] as [number, number]] : [[a, b] as [number, number]]));
  if (e.dynamic && o.vpowerNfsExtraPorts) ports = ports.map(([a, b]) => [a, Math.min(65535, b + o.vpowerNfsExtraPorts)]);
  return { ports: normalizePorts(ports), failover: normalizePorts(failover) };
}

export function buildPlan(d: Deployment, opts: PlanOptions = {}): Plan {
  const phase = opts.phase ?? d.phase;
  const failoverOn = opts.failover ?? true;
  const diagnostics: Diagnostic[] = [];
  const defaults = new Map<string, AppliedDefault>();
  const memo = new Map<Selector, Selection>();
  const sel = (s: Selector): Selection => {
    let r = memo.get(s);
    if (!r) memo.set(s, (r = select(d, s)));
    return r;
  };
  const osUnknown = new Set<string>();
  // Ports depend on the entry and on a few traits of the destination only.
  const portCache = new Map<string, { ports: PortRange[]; failover: PortRange[] }>();
  const portsFor = (e: CatalogEntry, to: Host) => {
    const k = `${e.id}|${to.os ?? ''}|${to.roles.includes('backup-server') ? 1 : 0}`;
    let r = portCache.get(k);
    if (!r) portCache.set(k, (r = entryPorts(e, d, to)));
    return r;
  };
  const osMatches = (h: Host, os: 'windows' | 'linux' | undefined): boolean => {
    if (!os || h.os === os) return true;
    if (h.os === undefined) {
      osUnknown.add(h.name);
      return true;
    }
    return false;
  };

  // Reasons are shared by every pair with the same entry, ports and defaults: one object each.
  const reasonCache = new Map<string, FlowReason>();
  const reasonFor = (e: CatalogEntry, ports: PortRange[], failover: PortRange[], reasonDefaults: AppliedDefault[]): FlowReason => {
    const w = e.when ?? {};
    const rkey = `${e.id}|${ports.join(';')}|${failover.join(';')}|${reasonDefaults.map((x) => x.id).join(',')}`;
    let reason = reasonCache.get(rkey);
    if (!reason)
      reasonCache.set(rkey, (reason = {
        entry: e.id,
        purpose: e.purpose,
        ports: unionPorts(ports, failover),
        failover,
        phase: w.phase === 'deploy' ? 'deploy' : 'operate',
        dynamic: e.dynamic ?? false,
        jobOnly: e.jobOnly ?? false,
        features: [...(w.features ?? []), ...(w.anyFeatures ?? [])],
        sources: [...e.sources],
        defaults: reasonDefaults.map((x) => x.id),
      }));
    return reason;
  };

  // Pass 1: every entry that applies, with its sources and destinations. Each host gets a
  // signature of the entries it takes part in (and how); hosts with the same signature are
  // interchangeable, so the flows are worked out between host types, not host pairs.
  const n = d.hosts.length;
  const index = new Map(d.hosts.map((h, i) => [h, i]));
  const sig: string[] = d.hosts.map(() => '');
  interface App {
    e: CatalogEntry;
    fromList: Host[];
    toInfo: { to: Host; ports: PortRange[]; kept: PortRange[] }[];
    usedDefaults: AppliedDefault[];
  }
  const apps: App[] = [];
  const portsId = new Map<string, number>();
  for (const e of CATALOG) {
    if (!entryApplies(e, d, phase)) continue;
    const w = e.when ?? {};
    if (w.deploymentHas && !sel(w.deploymentHas).hosts.length) continue;
    if (w.deploymentLacks && sel(w.deploymentLacks).hosts.length) continue;
    const froms = e.from.map(sel);
    const tos = e.to.map(sel);
    const usedDefaults = [...froms, ...tos].flatMap((s) => (s.default ? [s.default] : []));
    const hasRole = w.toHasRole ? new Set(sel(w.toHasRole).hosts) : undefined;
    const lacksRole = w.toLacksRole ? new Set(sel(w.toLacksRole).hosts) : undefined;
    // Destination-side conditions and ports do not depend on the source: settle them once.
    const toList = [...new Set(tos.flatMap((s) => s.hosts))].filter(
      (to) =>
        osMatches(to, w.toOs) &&
        (w.toAppliance === undefined || to.appliance === w.toAppliance) &&
        (!w.toDatabase || (to.database ?? 'postgresql') === w.toDatabase) &&
        (!hasRole || hasRole.has(to)) &&
        (!lacksRole || !lacksRole.has(to)),
    );
    const fromList = [...new Set(froms.flatMap((s) => s.hosts))].filter(
      (from) =>
        osMatches(from, w.fromOs) &&
        (!w.transport || from.transport.some((t) => w.transport!.includes(t))) &&
        (w.fromAppliance === undefined || from.appliance === w.fromAppliance),
    );
    if (!toList.length || !fromList.length) continue;
    const a = apps.length;
    const toInfo = toList.map((to) => {
      const { ports, failover } = portsFor(e, to);
      const kept = failoverOn ? failover : [];
      const pk = `${ports.join(';')}|${kept.join(';')}`;
      let pid = portsId.get(pk);
      if (pid === undefined) portsId.set(pk, (pid = portsId.size));
      // Membership in a default's hosts decides which defaults a reason rests on.
      const i = index.get(to)!;
      sig[i] += `t${a}:${pid}${usedDefaults.map((x) => (x.hosts.includes(to.name) ? '+' : '-')).join('')};`;
      return { to, ports, kept };
    });
    for (const from of fromList) {
      const i = index.get(from)!;
      sig[i] += `f${a}${usedDefaults.map((x) => (x.hosts.includes(from.name) ? '+' : '-')).join('')};`;
    }
    apps.push({ e, fromList, toInfo, usedDefaults });
  }
  const typeBySig = new Map<string, number>();
  const typeOf = new Int32Array(n);
  const types: Host[][] = [];
  d.hosts.forEach((h, i) => {
    let t = typeBySig.get(sig[i]!);
    if (t === undefined) {
      typeBySig.set(sig[i]!, (t = types.length));
      types.push([]);
    }
    typeOf[i] = t;
    types[t]!.push(h);
  });
  const T = types.length;

  // Pass 2: reasons between host types, in catalog order. A type pair has flows only if it has
  // a pair of two different hosts.
  const byKey = new Map<number, { from: number; to: number; protocol: Protocol; reasons: FlowReason[] }>();
  for (const { e, fromList, toInfo, usedDefaults } of apps) {
    const fromTypes = [...new Set(fromList.map((h) => typeOf[index.get(h)!]!))];
    const seenTo = new Set<number>();
    for (const info of toInfo) {
      const tt = typeOf[index.get(info.to)!]!;
      if (seenTo.has(tt)) continue;
      seenTo.add(tt);
      const plain = usedDefaults.length ? undefined : reasonFor(e, info.ports, info.kept, []);
      for (const ft of fromTypes) {
        if (ft === tt && types[ft]!.length < 2) continue;
        let reason = plain;
        if (!reason) {
          const from = types[ft]![0]!;
          const reasonDefaults = usedDefaults.filter((x) => x.hosts.includes(from.name) || x.hosts.includes(info.to.name));
          for (const x of reasonDefaults) defaults.set(x.id, x);
          reason = reasonFor(e, info.ports, info.kept, reasonDefaults);
        }
        for (const protocol of e.protocols) {
          const key = (ft * T + tt) * 2 + (protocol === 'udp' ? 1 : 0);
          let f = byKey.get(key);
          if (!f) byKey.set(key, (f = { from: ft, to: tt, protocol, reasons: [] }));
          f.reasons.push(reason);
        }
      }
    }
  }

  // Flows with the same reasons (in the same order) have the same ports, marks, purposes and
  // sources: work them out once per reason list and share the (frozen) arrays.
  const reasonId = new Map<FlowReason, number>();
  const derivedCache = new Map<string, Derived>();
  const derive = (reasons: FlowReason[]): Derived => {
    let key = '';
    for (const r of reasons) {
      let id = reasonId.get(r);
      if (id === undefined) reasonId.set(r, (id = reasonId.size));
      key += `${id},`;
    }
    let got = derivedCache.get(key);
    if (got) return got;
    const sorted = reasons.length > 1 ? [...reasons].sort((a, b) => cmp(a.entry, b.entry)) : [...reasons];
    const ports = unionPorts(...sorted.map((r) => r.ports));
    const primary = unionPorts(...sorted.map((r) => (r.failover.length ? subtractPorts(r.ports, r.failover) : r.ports)));
    const operate = sorted.every((r) => r.phase === 'operate') ? ports : unionPorts(...sorted.filter((r) => r.phase === 'operate').map((r) => r.ports));
    got = {
      ports: Object.freeze(ports) as PortRange[],
      failover: Object.freeze(subtractPorts(ports, primary)) as PortRange[],
      deployOnly: Object.freeze(subtractPorts(ports, operate)) as PortRange[],
      purposes: Object.freeze([...new Set(sorted.map((r) => r.purpose))]) as string[],
      sources: Object.freeze(sorted.length === 1 ? sorted[0]!.sources : dedupeSources(sorted.flatMap((r) => r.sources))) as SourceRef[],
      reasons: Object.freeze(sorted) as FlowReason[],
    };
    derivedCache.set(key, got);
    return got;
  };
  const typeFlows: TypeFlow[] = [...byKey.values()].map(({ from, to, protocol, reasons }) => ({ from, to, protocol, ...derive(reasons) }));
  const typed: TypedPlan = { types, typeOf: new Map(d.hosts.map((h, i) => [h.name, typeOf[i]!])), flows: typeFlows };
  const expand = (): Flow[] => pairFlows(d, typed);
  for (const x of [...defaults.values()].sort((a, b) => cmp(a.id, b.id)))
    diagnostics.push({ code: 'PLAN_DEFAULT_APPLIED', severity: 'info', message: x.message, hint: `hosts: ${x.hosts.join(', ')}` });
  for (const name of [...osUnknown].sort())
    diagnostics.push({ code: 'PLAN_DEFAULT_APPLIED', severity: 'warning', message: `'${name}' has no os: flows for both Windows and Linux are included`, hint: 'set os: windows or os: linux on the host to open only what it needs' });
  if (typeFlows.some((f) => f.reasons.some((r) => r.dynamic)))
    diagnostics.push({ code: 'PLAN_DYNAMIC_PORT', severity: 'info', message: 'vPower NFS uses the next free port when 1058/1063 or 2049 is taken; the plan opens the documented port', hint: 'set overrides.vpower-nfs-extra-ports to open more' });
  let flows: Flow[] | undefined;
  const plan: Plan = {
    deployment: d,
    phase,
    failover: failoverOn,
    // Host pairs are many on a large estate (130,000 on 2,000 hosts); policies work from the
    // host types. The pairs are expanded when a caller asks for them.
    get flows(): Flow[] {
      return (flows ??= expand());
    },
    set flows(v: Flow[]) {
      flows = v;
      typedPlans.delete(plan);
    },
    defaults: [...defaults.values()],
    diagnostics,
  };
  typedPlans.set(plan, typed);
  return plan;
}


const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function dedupeSources(s: SourceRef[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const x of s) seen.set(`${x.page}#${x.section}`, x);
  return [...seen.values()].sort((a, b) => cmp(a.page, b.page) || cmp(a.section, b.section));
}

/** Flows whose ports include a port, with the reasons that name it. */
export function flowsWithPort(plan: Plan, port: number): Flow[] {
  return plan.flows.filter((f) => intersectPorts(f.ports, [[port, port]]).length > 0);
}
