/**
 * The diagram model shared by the svg, dot, mermaid and html targets: zones with their hosts,
 * and one edge per (source host, destination host) with the ports of every rule between them.
 * Ids are safe for every diagram syntax (ASCII letters, digits and `_`), unique and derived
 * deterministically from the names; labels stay input text for each target's quote.ts.
 * @module
 */
import { formatCidr } from '../../net/ip.js';
import { normalizePorts, subtractPorts, formatPorts, type PortRange } from '../../net/ports.js';
import { shortHash } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import type { DirectedRule } from '../csv/rows.js';

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
}

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
    const ports = (f: (r: Rule) => boolean): PortRange[] => normalizePorts(rules.filter(f).flatMap((r) => r.services.filter((s) => s.protocol === protocol).flatMap((s) => s.ports)));
    const plain = ports((r) => !r.failover && r.phase !== 'deploy');
    const failover = subtractPorts(ports((r) => r.failover), plain);
    const deploy = subtractPorts(subtractPorts(ports((r) => r.phase === 'deploy'), plain), failover);
    const items = [...plain.map((p) => ({ p, mark: '' })), ...failover.map((p) => ({ p, mark: '*' })), ...deploy.map((p) => ({ p, mark: '†' }))].sort((a, b) => a.p[0] - b.p[0]);
    if (items.length) parts.push(`${protocol} ${items.map((i) => formatPorts([i.p]) + i.mark).join(', ')}`);
  }
  return parts.join('; ');
}

export function buildGraph(policy: Policy, rules: readonly DirectedRule[]): Graph {
  const d = policy.deployment;
  const peers = new Set(rules.flatMap(({ rule }) => [...rule.source.hosts, ...rule.destination.hosts]));
  const hosts = d.hosts.filter((h) => (policy.scope === 'zone-firewall' ? true : h.name === policy.host || peers.has(h.name)));
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
