/**
 * What a ruleset is asked about: the plan's flows that cross it (between zones for a zone
 * firewall; into, and out of, one host), and the address sets of hosts and zones.
 * @module
 */
import type { Deployment, Host } from '../model/types.js';
import type { Family } from '../net/ip.js';
import type { Flow, Plan } from '../plan/types.js';
import type { Hook } from './acl.js';
import { IntervalIndex } from './rule-index.js';
import { addrComplement, addrFromCidrs, addrNormalize, addrUnion, ALL_ADDR, type AddrIv, type AddrSet } from './space.js';

export type AuditScope = { kind: 'zone-firewall' } | { kind: 'host'; host: string };

export type Direction = 'forward' | 'inbound' | 'outbound';

export type FamilySets = Readonly<Record<Family, AddrSet>>;

/** Address sets of the deployment's zones and hosts. */
export class Geometry {
  readonly zones = new Map<string, FamilySets>();
  /** Addresses in no zone but the internet zone. */
  readonly internet: FamilySets;
  private readonly hostMemo = new Map<string, FamilySets>();
  private readonly coverMemo = new Map<string, FamilySets>();
  readonly hosts: Map<string, Host>;

  constructor(readonly deployment: Deployment) {
    const inner = deployment.zones.filter((z) => !z.internet);
    for (const z of inner) this.zones.set(z.name, { 4: addrFromCidrs(z.cidrs, 4), 6: addrFromCidrs(z.cidrs, 6) });
    const all4 = addrUnion(...[...this.zones.values()].map((s) => s[4]));
    const all6 = addrUnion(...[...this.zones.values()].map((s) => s[6]));
    this.internet = { 4: addrComplement(all4, 4), 6: addrComplement(all6, 6) };
    for (const z of deployment.zones.filter((x) => x.internet)) this.zones.set(z.name, this.internet);
    this.hosts = new Map(deployment.hosts.map((h) => [h.name, h]));
  }

  zone(name: string): FamilySets {
    return this.zones.get(name) ?? { 4: [], 6: [] };
  }

  /**
   * The addresses a host needs to be reachable from or at: its prefixes; for a zone-only host the
   * zone (the internet zone: every address in no other zone); for a DNS name, its zone (the
   * evaluation then asks for some address of it, not every one).
   */
  need(name: string): FamilySets {
    let s = this.hostMemo.get(name);
    if (s) return s;
    const h = this.hosts.get(name);
    if (!h) s = { 4: [], 6: [] };
    else if (h.kind === 'host' || h.kind === 'group') s = { 4: addrFromCidrs(h.addresses, 4), 6: addrFromCidrs(h.addresses, 6) };
    else s = this.zone(h.zone);
    this.hostMemo.set(name, s);
    return s;
  }

  /**
   * The addresses a rule may name for a host without being excess: as `need`, except that a
   * zone-only host in the internet zone stands for any address (as the renderers write it).
   */
  cover(name: string): FamilySets {
    let s = this.coverMemo.get(name);
    if (s) return s;
    const h = this.hosts.get(name);
    s = h && h.kind === 'zone' && this.deployment.zones.find((z) => z.name === h.zone)?.internet ? ALL_ADDR : this.need(name);
    this.coverMemo.set(name, s);
    return s;
  }

  /** True when the host's addresses are unknown (a DNS name): some address of its zone will do. */
  existential(name: string): boolean {
    return this.hosts.get(name)?.kind === 'fqdn';
  }

  /** The zones whose addresses meet a set, with the part inside each (a binary search per interval). */
  zonesOf(set: AddrSet, family: Family): { zone: string; part: AddrSet }[] {
    const table = (this.zoneTable[family] ??= this.buildTable(family));
    // The common case: one interval inside one zone (a host, a group).
    if (set.length === 1) {
      const iv = set[0]!;
      let lo = 0;
      let hi = table.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (table[mid]!.hi < iv.lo) lo = mid + 1;
        else hi = mid;
      }
      const t = table[lo];
      if (t && t.lo <= iv.lo && t.hi >= iv.hi) return [{ zone: t.zone, part: set }];
    }
    const parts = new Map<string, AddrIv[]>();
    const push = (zone: string, iv: AddrIv) => {
      let l = parts.get(zone);
      if (!l) parts.set(zone, (l = []));
      l.push(iv);
    };
    for (const iv of set) {
      let lo = 0;
      let hi = table.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (table[mid]!.hi < iv.lo) lo = mid + 1;
        else hi = mid;
      }
      let cur = iv.lo;
      for (let i = lo; i < table.length && table[i]!.lo <= iv.hi; i++) {
        const t = table[i]!;
        if (t.lo > cur && this.internetZone) push(this.internetZone, { lo: cur, hi: t.lo - 1n });
        const a = t.lo > cur ? t.lo : cur;
        const b = t.hi < iv.hi ? t.hi : iv.hi;
        push(t.zone, a === iv.lo && b === iv.hi ? iv : { lo: a, hi: b });
        cur = b + 1n;
        if (cur > iv.hi) break;
      }
      if (cur <= iv.hi && this.internetZone) push(this.internetZone, cur === iv.lo ? iv : { lo: cur, hi: iv.hi });
    }
    return [...parts].map(([zone, part]) => ({ zone, part: addrNormalize(part) }));
  }

  private hostIndex: Partial<Record<Family, { index: IntervalIndex; names: string[] }>> = {};

  /** Hosts and groups (with addresses) whose addresses meet a set, sorted by name. */
  hostsIn(set: AddrSet, family: Family): string[] {
    let hi = this.hostIndex[family];
    if (!hi) {
      // Ids in the order of the names, so that sorted ids are sorted names.
      const names = this.deployment.hosts.filter((h) => h.kind === 'host' || h.kind === 'group').map((h) => h.name).sort();
      const entries: { lo: bigint; hi: bigint; id: number }[] = [];
      names.forEach((name, id) => {
        for (const iv of this.need(name)[family]) entries.push({ lo: iv.lo, hi: iv.hi, id });
      });
      hi = this.hostIndex[family] = { index: new IntervalIndex(entries), names };
    }
    const ids: number[] = [];
    for (const iv of set) hi.index.query(iv.lo, iv.hi, ids);
    if (ids.length > 1) ids.sort((a, b) => a - b);
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) out.push(hi.names[ids[i]!]!);
    return out;
  }

  private readonly zoneTable: Partial<Record<Family, { lo: bigint; hi: bigint; zone: string }[]>> = {};

  private get internetZone(): string | undefined {
    return this.deployment.zones.find((z) => z.internet)?.name;
  }

  private buildTable(family: Family): { lo: bigint; hi: bigint; zone: string }[] {
    const out: { lo: bigint; hi: bigint; zone: string }[] = [];
    for (const z of this.deployment.zones) if (!z.internet) for (const iv of this.zone(z.name)[family]) out.push({ lo: iv.lo, hi: iv.hi, zone: z.name });
    return out.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  }
}

export interface ScopedFlow {
  flow: Flow;
  direction: Direction;
  /** The hook the connection's first packet crosses, and the one its replies cross. */
  hook: Hook;
  replyHook: Hook;
}

export interface NotAudited {
  flow: Flow;
  reason: string;
}

/**
 * A flow through a zone firewall: one field per flow, the rest the same for all (123,000 flows of
 * a large estate are then 3 MB fewer, kept for the whole audit).
 */
class ForwardFlow implements ScopedFlow {
  constructor(readonly flow: Flow) {}
  get direction(): Direction {
    return 'forward';
  }
  get hook(): Hook {
    return 'forward';
  }
  get replyHook(): Hook {
    return 'forward';
  }
}

/** The flows a ruleset of this scope filters, and where their packets go. */
export function scopedFlows(plan: Plan, scope: AuditScope, hooks: readonly Hook[]): { flows: ScopedFlow[]; notAudited: NotAudited[] } {
  const flows: ScopedFlow[] = [];
  const notAudited: NotAudited[] = [];
  if (scope.kind === 'zone-firewall') {
    for (const f of plan.flows) if (f.fromZone !== f.toZone) flows.push(new ForwardFlow(f));
    return { flows, notAudited };
  }
  for (const f of plan.flows) {
    if (f.to === scope.host) flows.push({ flow: f, direction: 'inbound', hook: 'input', replyHook: 'output' });
    else if (f.from === scope.host) {
      if (hooks.includes('output')) flows.push({ flow: f, direction: 'outbound', hook: 'output', replyHook: 'input' });
      else notAudited.push({ flow: f, reason: 'the ruleset format has no outbound rules' });
    }
  }
  return { flows, notAudited };
}
