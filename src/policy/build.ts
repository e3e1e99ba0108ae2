/**
 * Building a policy from a plan: the zone firewall (flows that cross zones) or one host's
 * firewall (its inbound flows, and its outbound flows).
 * @module
 */
import type { SourceRef } from '../catalog/types.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { normalizePorts } from '../net/ports.js';
import type { Plan, TypedPlan } from '../plan/types.js';
import { groupCells, groupFlows, type Biclique, type Cell, type CellPair } from './group.js';
import { typedPlan } from '../plan/typed.js';
import { noteRuleFacts } from './rule-facts.js';
import { AddressBook, slug } from './objects.js';
import type { Policy, Rule, Service } from './types.js';

export interface PolicyOptions {
  scope: 'zone-firewall' | 'host';
  host?: string;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toRule(bc: Biclique & { fz: string; tz: string }, book: AddressBook, name: string): Rule {
  const src = book.of(bc.sources);
  const dst = book.of(bc.destinations);
  const entries = new Set<string>();
  const purposes = new Set<string>();
  const sources = new Map<string, SourceRef>();
  const reasons = bc.reasons();
  for (const { reason: r } of reasons) {
    entries.add(r.entry);
    purposes.add(r.purpose);
    for (const s of r.sources) sources.set(`${s.page}#${s.section}`, s);
  }
  const purposeList = [...purposes].sort();
  let flows: string[] | undefined;
  const rule: Rule = {
    name,
    fromZone: bc.fz,
    toZone: bc.tz,
    source: src,
    destination: dst,
    services: bc.services,
    phase: bc.phase,
    failover: bc.failover,
    // The flow ids are many on a large estate and few targets list them: worked out when asked.
    get flows(): string[] {
      return (flows ??= [...new Set(bc.flowIds())].sort());
    },
    set flows(v: string[]) {
      flows = v;
    },
    purposes: purposeList,
    sources: [...sources.values()].sort((a, b) => cmp(a.page, b.page) || cmp(a.section, b.section)),
    entries: [...entries].sort(),
    comment: `${bc.phase === 'deploy' ? '[deploy phase only] ' : ''}${bc.failover ? '[failover] ' : ''}${purposeList.join('; ')}`,
  };
  noteRuleFacts(rule, reasons, () => bc.flowCount());
  return rule;
}

const ruleOrder = (zoneIdx: Map<string, number>) => (a: Biclique & { fz: string; tz: string }, b: Biclique & { fz: string; tz: string }): number =>
  (zoneIdx.get(a.fz) ?? 0) - (zoneIdx.get(b.fz) ?? 0) ||
  (zoneIdx.get(a.tz) ?? 0) - (zoneIdx.get(b.tz) ?? 0) ||
  cmp(a.sources[0]!, b.sources[0]!) ||
  cmp(a.destinations[0]!, b.destinations[0]!) ||
  (a.services[0]?.ports[0]?.[0] ?? 0) - (b.services[0]?.ports[0]?.[0] ?? 0) ||
  cmp(a.services.map((s) => s.protocol).join(), b.services.map((s) => s.protocol).join()) ||
  cmp(a.sources.join(), b.sources.join()) ||
  cmp(a.destinations.join(), b.destinations.join());

export function buildPolicy(plan: Plan, opts: PolicyOptions): Policy {
  const d = plan.deployment;
  const book = new AddressBook(d);
  const diagnostics: Diagnostic[] = [];
  const zoneIdx = new Map(d.zones.map((z, i) => [z.name, i]));
  const zoneOf = new Map(d.hosts.map((h) => [h.name, h.zone]));
  const withZones = (bcs: Biclique[]) =>
    bcs.map((b) => ({ ...b, fz: zoneOf.get(b.sources[0]!)!, tz: zoneOf.get(b.destinations[0]!)! })).sort(ruleOrder(zoneIdx));

  const typed = typedPlan(plan);
  if (opts.scope === 'zone-firewall') {
    // Group per zone pair, so a rule never mixes zone pairs (zone-based firewalls need that).
    const { byZonePair, notCovered } = typed ? zonePairCells(typed) : zonePairFlows(plan);
    const names = new Map<string, string[]>();
    const bcs = withZones([...byZonePair.values()].flatMap((pairs) => groupCells(pairs, names)));
    const counters = new Map<string, number>();
    const rules = bcs.map((b) => {
      // Rule names go into every target: derived from safe slugs of the zone names.
      const k = `${slug(b.fz, 24)}-to-${slug(b.tz, 24)}`;
      const n = (counters.get(k) ?? 0) + 1;
      counters.set(k, n);
      return toRule(b, book, `${k}-${String(n).padStart(2, '0')}`);
    });
    return finish({ scope: 'zone-firewall', deployment: d, plan, rules, outbound: [], notCovered, diagnostics }, book);
  }

  const host = d.hosts.find((h) => h.name === opts.host);
  if (!host) throw new Error(`buildPolicy: no host '${opts.host}'`);
  const inbound = withZones(typed ? groupCells(hostCells(typed, host.name, 'in')) : groupFlows(plan.flows.filter((f) => f.to === host.name)));
  const outbound = withZones(typed ? groupCells(hostCells(typed, host.name, 'out')) : groupFlows(plan.flows.filter((f) => f.from === host.name)));
  const rules = inbound.map((b, i) => toRule(b, book, `in-${String(i + 1).padStart(2, '0')}`));
  const out = outbound.map((b, i) => toRule(b, book, `out-${String(i + 1).padStart(2, '0')}`));
  return finish({ scope: 'host', deployment: d, plan, host: host.name, rules, outbound: out, notCovered: 0, diagnostics }, book);
}

/** Cell pairs per zone pair from the host types: a cell is the hosts of one type in one zone. */
function zonePairCells(typed: TypedPlan): { byZonePair: Map<string, CellPair[]>; notCovered: number } {
  const zonesOf = typed.types.map((hosts) => {
    const m = new Map<string, string[]>();
    for (const h of hosts) {
      let l = m.get(h.zone);
      if (!l) m.set(h.zone, (l = []));
      l.push(h.name);
    }
    return [...m].map(([zone, names]) => ({ zone, cell: { hosts: names.sort() } as Cell }));
  });
  const byZonePair = new Map<string, CellPair[]>();
  const pairs = new Map<Cell, Map<Cell, CellPair>>();
  let notCovered = 0;
  for (const tf of typed.flows) {
    const pi = tf.protocol === 'udp' ? 1 : 0;
    for (const a of zonesOf[tf.from]!)
      for (const b of zonesOf[tf.to]!) {
        if (a.zone === b.zone) {
          notCovered += a.cell.hosts.length * b.cell.hosts.length - (tf.from === tf.to ? a.cell.hosts.length : 0);
          continue;
        }
        let row = pairs.get(a.cell);
        if (!row) pairs.set(a.cell, (row = new Map()));
        let p = row.get(b.cell);
        if (!p) {
          row.set(b.cell, (p = { s: a.cell, d: b.cell, flows: [undefined, undefined] }));
          const k = `${a.zone}\u0000${b.zone}`;
          let l = byZonePair.get(k);
          if (!l) byZonePair.set(k, (l = []));
          l.push(p);
        }
        p.flows[pi] = tf;
      }
  }
  return { byZonePair, notCovered };
}

/** The same from a plan without types: every host its own cell. */
function zonePairFlows(plan: Plan): { byZonePair: Map<string, CellPair[]>; notCovered: number } {
  const cells = new Map<string, Cell>();
  const cell = (h: string): Cell => {
    let c = cells.get(h);
    if (!c) cells.set(h, (c = { hosts: [h] }));
    return c;
  };
  const byZonePair = new Map<string, CellPair[]>();
  const pairs = new Map<string, CellPair>();
  let notCovered = 0;
  for (const f of plan.flows) {
    if (f.fromZone === f.toZone) {
      notCovered++;
      continue;
    }
    const k = `${f.from}\u0000${f.to}`;
    let p = pairs.get(k);
    if (!p) {
      pairs.set(k, (p = { s: cell(f.from), d: cell(f.to), flows: [undefined, undefined] }));
      const zk = `${f.fromZone}\u0000${f.toZone}`;
      let l = byZonePair.get(zk);
      if (!l) byZonePair.set(zk, (l = []));
      l.push(p);
    }
    p.flows[f.protocol === 'udp' ? 1 : 0] = f;
  }
  return { byZonePair, notCovered };
}

/** Cell pairs of one host's inbound (or outbound) flows: a cell is the other hosts of one type. */
function hostCells(typed: TypedPlan, host: string, dir: 'in' | 'out'): CellPair[] {
  const own = typed.typeOf.get(host)!;
  const me: Cell = { hosts: [host] };
  const others = new Map<number, Cell | null>();
  const otherCell = (t: number): Cell | null => {
    let c = others.get(t);
    if (c === undefined) {
      const names = typed.types[t]!.flatMap((h) => (h.name === host ? [] : [h.name])).sort();
      others.set(t, (c = names.length ? { hosts: names } : null));
    }
    return c;
  };
  const pairs = new Map<Cell, CellPair>();
  for (const tf of typed.flows) {
    if ((dir === 'in' ? tf.to : tf.from) !== own) continue;
    const c = otherCell(dir === 'in' ? tf.from : tf.to);
    if (!c) continue;
    let p = pairs.get(c);
    if (!p) pairs.set(c, (p = dir === 'in' ? { s: c, d: me, flows: [undefined, undefined] } : { s: me, d: c, flows: [undefined, undefined] }));
    p.flows[tf.protocol === 'udp' ? 1 : 0] = tf;
  }
  return [...pairs.values()];
}

/** A rule whose two ends share no address family can never match a packet: say so once, here. */
function familyDiagnostics(rules: readonly Rule[]): Diagnostic[] {
  const fams = (o: Rule['source']): Set<number> => new Set(o.any ? [4, 6] : o.cidrs.map((c) => c.family));
  const out: Diagnostic[] = [];
  for (const r of rules) {
    const a = fams(r.source);
    const b = fams(r.destination);
    if (!a.size || !b.size) continue; // FQDN-only ends: decided by the target
    if (![...a].some((f) => b.has(f)))
      out.push({
        code: 'POLICY_FAMILY_MISMATCH',
        severity: 'warning',
        message: `rule ${r.name}: ${r.source.label} has only IPv${[...a].join('/')} and ${r.destination.label} only IPv${[...b].join('/')}; no packet can match it`,
        hint: 'give both hosts an address of the same family, or check the addresses',
      });
  }
  return out;
}

function finish(p: Omit<Policy, 'addresses' | 'services'>, book: AddressBook): Policy {
  p.diagnostics.push(...familyDiagnostics([...p.rules, ...p.outbound]));
  const svc = new Map<string, Service>();
  for (const r of [...p.rules, ...p.outbound])
    for (const s of r.services)
      for (const range of s.ports) svc.set(`${s.protocol}:${range[0]}-${range[1]}`, { protocol: s.protocol, ports: normalizePorts([range]) });
  const services = [...svc.values()].sort((a, b) => cmp(a.protocol, b.protocol) || a.ports[0]![0] - b.ports[0]![0] || a.ports[0]![1] - b.ports[0]![1]);
  return { ...p, addresses: book.all(), services };
}
