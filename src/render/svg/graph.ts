/**
 * The diagram model shared by the svg, dot, mermaid and html targets: zones with their hosts,
 * and one edge per (source host, destination host) with the ports of every rule between them.
 * Ids are safe for every diagram syntax (ASCII letters, digits and `_`), unique and derived
 * deterministically from the names; labels stay input text for each target's quote.ts.
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { formatCidr } from '../../net/ip.js';
import { normalizePorts, subtractPorts, formatPorts, type PortRange } from '../../net/ports.js';
import { shortHash } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import type { DirectedRule } from '../csv/rows.js';
import { perPolicy } from '../_shared/memo.js';

export interface GraphNode {
  id: string;
  name: string;
  zone: string;
  roles: string[];
  /** Addresses as text: prefixes, the DNS name, or `any address`. */
  addresses: string[];
  /** The host whose firewall a host-scope document is about. */
  focus: boolean;
}

export interface GraphZone {
  id: string;
  name: string;
  internet: boolean;
  /** Index into the zone palette: the zone's place in the deployment. */
  index: number;
  nodes: GraphNode[];
}

export interface GraphEdge {
  from: GraphNode;
  to: GraphNode;
  /** `tcp 443, 2500-3300*; udp 53`: `*` failover only, `†` deploy phase only. */
  label: string;
  rules: string[];
  /** Every rule of the edge is for the deploy phase only. */
  deploy: boolean;
  /** Every rule of the edge opens failover ports only. */
  failover: boolean;
}

export interface Graph {
  title: string;
  subtitle: string;
  zones: GraphZone[];
  edges: GraphEdge[];
  /** Set when the deployment is too large to draw host by host: one node per zone instead. */
  summary?: GraphSummary;
}

/** Why and how a diagram was summarised. */
export interface GraphSummary {
  /** `2000 hosts`, or `more than 1000 host pairs`. */
  reason: string;
  /** One sentence for the diagram itself. */
  note: string;
  /** How to get a full diagram. */
  hint: string;
}

/**
 * Above these a diagram with a node per host and an arrow per host pair is unreadable (and tens
 * of megabytes): the diagram shows one node per zone and one arrow per zone pair instead.
 */
export const DIAGRAM_LIMITS = { hosts: 150, hostPairs: 1000 } as const;

/** Safe unique ids: `prefix` + the name's ASCII letters and digits, with a hash when anything was changed. */
export function safeIds(names: readonly string[], prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    const base = name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 24);
    let id = `${prefix}${base && base === name ? base : `${base}${base ? '_' : ''}${shortHash(name)}`}`;
    for (let i = 2; used.has(id.toLowerCase()); i++) id = `${prefix}${base}_${shortHash(name)}_${i}`;
    used.add(id.toLowerCase());
    out.set(name, id);
  }
  return out;
}

function edgeLabel(rules: readonly Rule[]): string {
  const parts: string[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    // One pass over the rules: the ports of every rule, of failover-only rules, of deploy-phase rules.
    const all: { plain: PortRange[]; failover: PortRange[]; deploy: PortRange[] } = { plain: [], failover: [], deploy: [] };
    for (const r of rules)
      for (const s of r.services) {
        if (s.protocol !== protocol) continue;
        if (!r.failover && r.phase !== 'deploy') all.plain.push(...s.ports);
        if (r.failover) all.failover.push(...s.ports);
        if (r.phase === 'deploy') all.deploy.push(...s.ports);
      }
    const plain = normalizePorts(all.plain);
    const failover = subtractPorts(normalizePorts(all.failover), plain);
    const deploy = subtractPorts(subtractPorts(normalizePorts(all.deploy), plain), failover);
    const items = [...plain.map((p) => ({ p, mark: '' })), ...failover.map((p) => ({ p, mark: '*' })), ...deploy.map((p) => ({ p, mark: '†' }))].sort((a, b) => a.p[0] - b.p[0]);
    if (items.length) parts.push(`${protocol} ${items.map((i) => formatPorts([i.p]) + i.mark).join(', ')}`);
  }
  return parts.join('; ');
}

/** More than `limit` distinct host pairs among the rules? (Stops counting at limit + 1.) */
function pairsAbove(rules: readonly DirectedRule[], limit: number): boolean {
  const seen = new Set<string>();
  for (const { rule } of rules)
    for (const s of rule.source.hosts)
      for (const t of rule.destination.hosts) {
        seen.add(`${s}\u0000${t}`);
        if (seen.size > limit) return true;
      }
  return false;
}

/** `123,127`: thousands separated (no locale data needed). */
const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The diagram of the rules; read-only (the diagram targets and html of one render share it). */
export const buildGraph: (policy: Policy, rules: readonly DirectedRule[]) => Graph = perPolicy((policy: Policy, rules: readonly DirectedRule[]) => newGraph(policy, rules));

function newGraph(policy: Policy, rules: readonly DirectedRule[]): Graph {
  const d = policy.deployment;
  let hosts = d.hosts;
  if (policy.scope !== 'zone-firewall') {
    const peers = new Set<string>();
    for (const { rule } of rules) for (const o of [rule.source, rule.destination]) for (const h of o.hosts) peers.add(h);
    hosts = d.hosts.filter((h) => h.name === policy.host || peers.has(h.name));
  }
  const reason =
    hosts.length > DIAGRAM_LIMITS.hosts ? `${fmt(hosts.length)} hosts` : pairsAbove(rules, DIAGRAM_LIMITS.hostPairs) ? `more than ${fmt(DIAGRAM_LIMITS.hostPairs)} host pairs` : undefined;
  if (reason) return zoneGraph(policy, rules, hosts, reason);
  const hostIds = safeIds(d.hosts.map((h) => h.name), 'h_');
  const zoneIds = safeIds(d.zones.map((z) => z.name), 'z_');
  const nodes = new Map<string, GraphNode>();
  const zones: GraphZone[] = [];
  d.zones.forEach((z, index) => {
    const zn = hosts.filter((h) => h.zone === z.name).map((h): GraphNode => {
      const addresses = h.kind === 'fqdn' ? [h.fqdn ?? ''] : h.kind === 'zone' ? [z.internet ? 'any address' : 'every address of the zone'] : h.addresses.map((c) => formatCidr(c, true));
      const n = { id: hostIds.get(h.name)!, name: h.name, zone: z.name, roles: [...h.roles], addresses, focus: h.name === policy.host };
      nodes.set(h.name, n);
      return n;
    });
    if (zn.length) zones.push({ id: zoneIds.get(z.name)!, name: z.name, internet: z.internet, index, nodes: zn });
  });
  const byPair = new Map<string, { from: GraphNode; to: GraphNode; rules: Rule[] }>();
  for (const { rule } of rules)
    for (const s of rule.source.hosts)
      for (const t of rule.destination.hosts) {
        const from = nodes.get(s);
        const to = nodes.get(t);
        if (!from || !to) continue;
        const k = `${s}\u0000${t}`;
        const e = byPair.get(k);
        if (e) e.rules.push(rule);
        else byPair.set(k, { from, to, rules: [rule] });
      }
  const order = new Map(hosts.map((h, i) => [h.name, i]));
  const edges = [...byPair.values()]
    .sort((a, b) => (order.get(a.from.name) ?? 0) - (order.get(b.from.name) ?? 0) || (order.get(a.to.name) ?? 0) - (order.get(b.to.name) ?? 0))
    .map((e) => ({
      from: e.from,
      to: e.to,
      label: edgeLabel(e.rules),
      rules: e.rules.map((r) => r.name),
      deploy: e.rules.every((r) => r.phase === 'deploy'),
      failover: e.rules.every((r) => r.failover),
    }));
  const scope = policy.scope === 'host' ? `host firewall of ${policy.host ?? ''}` : 'zone firewall';
  return {
    title: d.name,
    subtitle: `${scope} · Veeam Backup & Replication ${d.version} · ${policy.plan.phase} phase · ${rules.length} rules · ${edges.length} host pairs`,
    zones,
    edges,
  };
}

/**
 * The summary diagram of a large deployment: one node per zone (its host count and roles), and
 * one edge per zone pair carrying the ports of every rule between the two zones; in a host
 * document the host itself keeps its own node. Its size grows with zones and zone pairs, not
 * with host pairs.
 */
function zoneGraph(policy: Policy, rules: readonly DirectedRule[], hosts: Policy['deployment']['hosts'], reason: string): Graph {
  const d = policy.deployment;
  const zoneIds = safeIds(d.zones.map((z) => z.name), 'z_');
  const nodeIds = safeIds(d.zones.map((z) => z.name), 'zn_');
  const members = new Map<string, Policy['deployment']['hosts'][number][]>();
  for (const h of hosts)
    if (h.name !== policy.host) {
      const l = members.get(h.zone);
      if (l) l.push(h);
      else members.set(h.zone, [h]);
    }
  const focusHost = hosts.find((h) => h.name === policy.host);
  const zoneNode = new Map<string, GraphNode>();
  let focus: GraphNode | undefined;
  const zones: GraphZone[] = [];
  d.zones.forEach((z, index) => {
    const nodes: GraphNode[] = [];
    if (focusHost && focusHost.zone === z.name) {
      const addresses = focusHost.kind === 'fqdn' ? [focusHost.fqdn ?? ''] : focusHost.addresses.map((c) => formatCidr(c, true));
      nodes.push((focus = { id: safeIds([focusHost.name], 'h_').get(focusHost.name)!, name: focusHost.name, zone: z.name, roles: [...focusHost.roles], addresses, focus: true }));
    }
    const hs = members.get(z.name) ?? [];
    if (hs.length) {
      const roles = new Map<string, number>();
      for (const h of hs) for (const r of h.roles) roles.set(r, (roles.get(r) ?? 0) + 1);
      const roleText = [...roles].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).map(([r, n]) => `${n} ${r}`);
      const n: GraphNode = {
        id: nodeIds.get(z.name)!,
        name: focus && focus.zone === z.name ? `${z.name}: other hosts` : z.name,
        zone: z.name,
        roles: [`${fmt(hs.length)} host${hs.length === 1 ? '' : 's'}`, ...roleText],
        addresses: z.internet ? ['any address'] : z.cidrs.map((c) => formatCidr(c, true)),
        focus: false,
      };
      zoneNode.set(z.name, n);
      nodes.push(n);
    }
    if (nodes.length) zones.push({ id: zoneIds.get(z.name)!, name: z.name, internet: z.internet, index, nodes });
  });
  const end = (o: Rule['source'], zone: string): GraphNode | undefined => (focus && o.hosts.length === 1 && o.hosts[0] === policy.host ? focus : zoneNode.get(zone));
  const byPair = new Map<string, { from: GraphNode; to: GraphNode; rules: Rule[] }>();
  for (const { rule } of rules) {
    const from = end(rule.source, rule.fromZone);
    const to = end(rule.destination, rule.toZone);
    if (!from || !to) continue;
    const k = `${from.id}\u0000${to.id}`;
    const e = byPair.get(k);
    if (e) e.rules.push(rule);
    else byPair.set(k, { from, to, rules: [rule] });
  }
  const order = new Map(zones.flatMap((z) => z.nodes).map((n, i) => [n.id, i]));
  const edges = [...byPair.values()]
    .sort((a, b) => order.get(a.from.id)! - order.get(b.from.id)! || order.get(a.to.id)! - order.get(b.to.id)!)
    .map((e) => ({
      from: e.from,
      to: e.to,
      label: `${e.rules.length} rule${e.rules.length === 1 ? '' : 's'}: ${edgeLabel(e.rules)}`,
      rules: e.rules.map((r) => r.name),
      deploy: e.rules.every((r) => r.phase === 'deploy'),
      failover: e.rules.every((r) => r.failover),
    }));
  const scope = policy.scope === 'host' ? `host firewall of ${policy.host ?? ''}` : 'zone firewall';
  const unit = policy.scope === 'host' ? 'zone (the host apart)' : 'zone';
  return {
    title: d.name,
    subtitle: `${scope} · Veeam Backup & Replication ${d.version} · ${policy.plan.phase} phase · ${rules.length} rules · ${edges.length} zone pairs (summarised)`,
    zones,
    edges,
    summary: {
      reason,
      note: `Summarised: ${reason} are too many to draw one by one (limits ${DIAGRAM_LIMITS.hosts} hosts, ${fmt(DIAGRAM_LIMITS.hostPairs)} host pairs), so each box is a ${unit} and each arrow carries the ports of every rule between them.`,
      hint:
        policy.scope === 'host'
          ? 'the document targets (csv, md, html) list every rule with its hosts'
          : 'one host and its peers host by host: vbrwall render FILE --target (the same) --scope host --host NAME',
    },
  };
}

/** The info diagnostic a diagram target adds when it summarised the diagram. */
export const summaryDiagnostic = (g: Graph, target: string): Diagnostic[] =>
  g.summary ? [{ code: 'RENDER_UNSUPPORTED', severity: 'info', message: `${target}: ${g.summary.note}`, hint: g.summary.hint }] : [];
