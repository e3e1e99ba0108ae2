/**
 * What the diagram draws, from the model and the plan: zones with their hosts (or collapsed to
 * one box), and edges that group the flows between two boxes (both directions in one edge when
 * they open the same ports). Large plans are drawn with one edge per zone pair.
 * @module
 */
import type { ModelHost, ModelJson, PlanFlowJson } from '../../server/api-types.js';
import { flowKey, flowsLabel, plural, truncate } from '../format.js';

export type AuditStatus = 'allowed' | 'partial' | 'blocked';
export type EdgeMode = 'auto' | 'hosts' | 'zones';

export interface Filters {
  fromZone: string;
  toZone: string;
  role: string;
  feature: string;
}

export const NO_FILTERS: Filters = { fromZone: '', toZone: '', role: '', feature: '' };

export interface VHost {
  id: string;
  name: string;
  host: ModelHost;
  width: number;
  height: number;
  /** No flow of the filtered plan touches it. */
  dim: boolean;
}

export interface VZone {
  id: string;
  name: string;
  index: number;
  internet: boolean;
  cidrs: string[];
  hosts: VHost[];
  collapsed: boolean;
  /** Flows that stay inside the zone (not drawn when edges are per zone pair). */
  internal: number;
}

export interface VEdge {
  id: string;
  from: string;
  to: string;
  /** Drawn with arrows at both ends: the reverse direction opens the same ports. */
  both: boolean;
  label: string;
  flows: PlanFlowJson[];
  status?: AuditStatus;
  /** Between zones (per zone pair, or touching a collapsed zone). */
  aggregate: boolean;
}

export interface ViewGraph {
  zones: VZone[];
  edges: VEdge[];
  /** Edges are per zone pair (large plans, or chosen). */
  zoneEdges: boolean;
  /** Flows after the filters. */
  flows: PlanFlowJson[];
  /** Host ids by host name, and the id of the box a host is drawn in (itself or its collapsed zone). */
  hostId: Map<string, string>;
  boxOf: Map<string, string>;
  /** Flows from a host to itself (a group talking to its own members): listed, not drawn. */
  selfFlows: PlanFlowJson[];
}

/** Above this many host-to-host edges, `auto` draws one edge per zone pair. */
export const HOST_EDGE_LIMIT = 220;

export const HOST_HEIGHT = 46;
const CHAR = 7.1;

const hostWidth = (h: ModelHost): number => Math.round(Math.min(230, Math.max(132, 26 + CHAR * Math.max(h.name.length, subtitle(h).length * 0.86))));

export function subtitle(h: ModelHost): string {
  const where = h.fqdn ?? (h.addresses.length ? h.addresses[0]! + (h.addresses.length > 1 ? ` +${h.addresses.length - 1}` : '') : h.kind === 'zone' ? `any in ${h.zone}` : '');
  return where;
}

export function filterFlows(flows: readonly PlanFlowJson[], model: ModelJson, f: Filters): PlanFlowJson[] {
  const rolesOf = new Map(model.hosts.map((h) => [h.name, h.roles]));
  return flows.filter(
    (x) =>
      (!f.fromZone || x.fromZone === f.fromZone) &&
      (!f.toZone || x.toZone === f.toZone) &&
      (!f.role || rolesOf.get(x.from)?.includes(f.role) || rolesOf.get(x.to)?.includes(f.role)) &&
      (!f.feature || x.reasons.some((r) => r.features?.includes(f.feature))),
  );
}

const WORST: readonly AuditStatus[] = ['blocked', 'partial', 'allowed'];
export function worst(statuses: Iterable<AuditStatus | undefined>): AuditStatus | undefined {
  let best: number | undefined;
  for (const s of statuses) {
    if (!s) continue;
    const i = WORST.indexOf(s);
    if (best === undefined || i < best) best = i;
  }
  return best === undefined ? undefined : WORST[best];
}

export function buildViewGraph(
  model: ModelJson,
  allFlows: readonly PlanFlowJson[],
  filters: Filters,
  collapsed: ReadonlySet<string>,
  mode: EdgeMode,
  audit?: ReadonlyMap<string, AuditStatus>,
): ViewGraph {
  const flows = filterFlows(allFlows, model, filters);
  const filtered = filters !== NO_FILTERS && Object.values(filters).some(Boolean);
  const touched = new Set(flows.flatMap((f) => [f.from, f.to]));
  const hostId = new Map<string, string>();
  const boxOf = new Map<string, string>();
  const zoneId = new Map<string, string>();
  const zones: VZone[] = model.zones.map((z, i) => {
    const id = `z${i}`;
    zoneId.set(z.name, id);
    return { id, name: z.name, index: i, internet: z.internet, cidrs: z.cidrs, hosts: [], collapsed: collapsed.has(z.name), internal: 0 };
  });
  const byName = new Map(zones.map((z) => [z.name, z]));
  model.hosts.forEach((h, i) => {
    const id = `h${i}`;
    hostId.set(h.name, id);
    const z = byName.get(h.zone);
    if (!z) return;
    z.hosts.push({ id, name: h.name, host: h, width: hostWidth(h), height: HOST_HEIGHT, dim: filtered && !touched.has(h.name) });
    boxOf.set(h.name, z.collapsed ? z.id : id);
  });

  const selfFlows: PlanFlowJson[] = [];
  const drawn = flows.filter((f) => {
    if (f.from === f.to) selfFlows.push(f);
    return f.from !== f.to;
  });
  const statusOf = (f: PlanFlowJson) => audit?.get(flowKey(f));

  // Host (or collapsed zone) pairs first; the choice of zone edges depends on their number.
  const pairs = new Map<string, PlanFlowJson[]>();
  for (const f of drawn) {
    const a = boxOf.get(f.from);
    const b = boxOf.get(f.to);
    if (!a || !b || a === b) {
      if (a && a === b) {
        const z = byName.get(f.fromZone);
        if (z) z.internal++;
      }
      continue;
    }
    const k = `${a}>${b}`;
    pairs.set(k, [...(pairs.get(k) ?? []), f]);
  }
  const zoneEdges = mode === 'zones' || (mode === 'auto' && pairs.size > HOST_EDGE_LIMIT);
  const edges: VEdge[] = [];

  if (zoneEdges) {
    for (const z of zones) z.internal = 0;
    const zp = new Map<string, PlanFlowJson[]>();
    for (const f of drawn) {
      if (f.fromZone === f.toZone) {
        const z = byName.get(f.fromZone);
        if (z) z.internal++;
        continue;
      }
      const k = `${zoneId.get(f.fromZone)}>${zoneId.get(f.toZone)}`;
      zp.set(k, [...(zp.get(k) ?? []), f]);
    }
    const seen = new Set<string>();
    for (const [k, fl] of zp) {
      if (seen.has(k)) continue;
      seen.add(k);
      const [from, to] = k.split('>') as [string, string];
      const back = zp.get(`${to}>${from}`) ?? [];
      seen.add(`${to}>${from}`);
      const all = [...fl, ...back];
      const st = worst(all.map(statusOf));
      const label = back.length ? `${fl.length} → · ← ${back.length}` : plural(fl.length, 'flow');
      edges.push({ id: `e${edges.length}`, from, to, both: back.length > 0, label, flows: all, aggregate: true, ...(st ? { status: st } : {}) });
    }
    return { zones, edges, zoneEdges, flows, hostId, boxOf, selfFlows };
  }

  const done = new Set<string>();
  for (const [k, fl] of pairs) {
    if (done.has(k)) continue;
    done.add(k);
    const [a, b] = k.split('>') as [string, string];
    const aggregate = a.startsWith('z') || b.startsWith('z');
    const label = (xs: PlanFlowJson[]) => (aggregate && new Set(xs.map((x) => `${x.from}>${x.to}`)).size > 1 ? plural(xs.length, 'flow') : truncate(flowsLabel(xs), 34));
    const back = pairs.get(`${b}>${a}`);
    const lab = label(fl);
    if (back && !done.has(`${b}>${a}`) && aggregate && new Set([...fl, ...back].map((x) => `${x.from}>${x.to}`)).size > 2) {
      done.add(`${b}>${a}`);
      const all = [...fl, ...back];
      const st = worst(all.map(statusOf));
      edges.push({ id: `e${edges.length}`, from: a, to: b, both: true, label: `${fl.length} → · ← ${back.length}`, flows: all, aggregate, ...(st ? { status: st } : {}) });
      continue;
    }
    if (back && !done.has(`${b}>${a}`) && label(back) === lab) {
      done.add(`${b}>${a}`);
      const all = [...fl, ...back];
      const st = worst(all.map(statusOf));
      edges.push({ id: `e${edges.length}`, from: a, to: b, both: true, label: lab, flows: all, aggregate, ...(st ? { status: st } : {}) });
      continue;
    }
    const st = worst(fl.map(statusOf));
    edges.push({ id: `e${edges.length}`, from: a, to: b, both: false, label: lab, flows: fl, aggregate, ...(st ? { status: st } : {}) });
  }
  return { zones, edges, zoneEdges, flows, hostId, boxOf, selfFlows };
}
