/**
 * The change-request table, shared by the csv and xlsx targets: one row per rule and protocol,
 * the flows of the plan, and the source documents. Cells hold the input text as it is; each
 * target quotes it (csv/quote.ts, xlsx/quote.ts).
 * @module
 */
import { catalogEntry } from '../../catalog/index.js';
import type { SourceRef } from '../../catalog/types.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { formatPorts, type PortRange } from '../../net/ports.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { cidrText } from '../_shared/families.js';
import { flowReasons } from '../_shared/flow-reasons.js';
import { ruleFlowCount } from '../../policy/rule-facts.js';
import { flowCount, zonePairFlowCounts } from '../../plan/typed.js';
import type { RenderOptions, Supports } from '../types.js';
import { perPolicy } from '../_shared/memo.js';

/** A cell: one value, or a list (csv joins it on one line, xlsx puts one item per line). */
export type Cell = string | readonly string[];

export interface Column {
  title: string;
  /** Width in characters, for the xlsx sheet. */
  width: number;
}

export interface Table {
  name: string;
  columns: readonly Column[];
  rows: Cell[][];
}

export type Direction = 'forward' | 'inbound' | 'outbound';

export interface DirectedRule {
  rule: Rule;
  direction: Direction;
}

/** Documents and diagrams can show every rule: FQDN, IPv6, any address and outbound included. */
export const DOCUMENT_SUPPORTS: Supports = { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: true, outbound: true, any: true };

/** The rules a document shows: forward rules, or the host's inbound rules and, with --outbound, its outbound rules. */
export function documentRules(policy: Policy, opts: RenderOptions, target: string): { rules: DirectedRule[]; diagnostics: Diagnostic[] } {
  const ex = expressible(policy, DOCUMENT_SUPPORTS, target);
  if (policy.scope === 'zone-firewall') return { rules: ex.rules.map((rule) => ({ rule, direction: 'forward' })), diagnostics: ex.diagnostics };
  return {
    rules: [...ex.rules.map((rule) => ({ rule, direction: 'inbound' as const })), ...(opts.outbound ? ex.outbound.map((rule) => ({ rule, direction: 'outbound' as const })) : [])],
    diagnostics: ex.diagnostics,
  };
}

/** Addresses of an object as text: prefixes (bare host addresses), DNS names, or `any`. */
const ADDRESS_LISTS = new WeakMap<AddressObject, readonly string[]>();

/** Addresses of an object as text (kept per object: every document target formats the same objects). */
export function addressList(o: AddressObject): readonly string[] {
  let l = ADDRESS_LISTS.get(o);
  if (!l) ADDRESS_LISTS.set(o, (l = o.any ? ['any'] : [...o.cidrs.map(cidrText), ...o.fqdns]));
  return l;
}

export const sourceRefText = (s: { page: string; section: string }): string => `${s.page} § ${s.section}`;

export const RULE_COLUMNS: readonly Column[] = [
  { title: 'rule', width: 30 },
  { title: 'direction', width: 10 },
  { title: 'source zone', width: 14 },
  { title: 'source', width: 24 },
  { title: 'source addresses', width: 22 },
  { title: 'destination zone', width: 14 },
  { title: 'destination', width: 24 },
  { title: 'destination addresses', width: 22 },
  { title: 'protocol', width: 9 },
  { title: 'ports', width: 18 },
  { title: 'action', width: 8 },
  { title: 'purpose', width: 70 },
  { title: 'source document', width: 50 },
  { title: 'phase', width: 9 },
  { title: 'failover', width: 9 },
  { title: 'flows', width: 34 },
];

/**
 * Up to this many hosts and addresses an object is written out in every row that uses it; a
 * larger object (a group of 91 hosts, say) appears by its id and counts, and the objects table
 * lists its members once. Eight keeps the rows of small deployments as they were and a row
 * readable at a glance. The same bound lists a rule's flows in its rows.
 */
export const INLINE_MAX = 8;

const addressCount = (o: AddressObject): number => (o.any ? 1 : o.cidrs.length + o.fqdns.length);

/** Small enough to write out in a rule's row. */
export const inlineObject = (o: AddressObject): boolean => o.hosts.length <= INLINE_MAX && addressCount(o) <= INLINE_MAX;

/** `1 host`, `91 hosts`, `2 addresses`. */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;

const ENDPOINT_CELLS = new WeakMap<AddressObject, readonly [Cell, Cell]>();

/**
 * The hosts cell and the addresses cell of one end of a rule (kept per object: thousands of rules
 * name the same objects, and one string per cell lets the sheets quote and look it up once).
 */
export function endpointCells(o: AddressObject): readonly [Cell, Cell] {
  let c = ENDPOINT_CELLS.get(o);
  if (!c) {
    c = inlineObject(o) ? [o.hosts, addressList(o)] : [`${o.id} (${count(o.hosts.length, 'host')})`, `${o.id} (${count(addressCount(o), 'address')})`];
    ENDPOINT_CELLS.set(o, c);
  }
  return c;
}

/** Ports of a service as a cell, kept per port list (rules share their services' lists). */
const PORTS_TEXT = new WeakMap<readonly PortRange[], string>();
const portsCell = (ports: readonly PortRange[]): string => {
  let t = PORTS_TEXT.get(ports);
  if (t === undefined) PORTS_TEXT.set(ports, (t = formatPorts(ports, ', ')));
  return t;
};

/**
 * The flows of a rule as a cell: listed up to INLINE_MAX; above, when the rule serves every pair
 * of its hosts (its flows go from its source hosts to its destination hosts, one per host pair
 * and protocol, so the count says when all are there), that sentence; otherwise still listed.
 */
export function flowsCell(r: Rule): Cell {
  const n = ruleFlowCount(r);
  if (n <= INLINE_MAX || n !== r.services.length * r.source.hosts.length * r.destination.hosts.length) return r.flows;
  return `${n} flows: every source host to every destination host (${r.services.map((s) => s.protocol).join(', ')})`;
}

/** A rule's sources as a cell, kept per list (one array per list lets the sheets quote it once). */
const SOURCE_CELLS = new WeakMap<readonly SourceRef[], readonly string[]>();
const sourceCells = (sources: readonly SourceRef[]): readonly string[] => {
  let c = SOURCE_CELLS.get(sources);
  if (!c) SOURCE_CELLS.set(sources, (c = sources.map(sourceRefText)));
  return c;
};

/** The rules sheet: one row per rule and protocol, then the default deny. */
export function rulesTable(policy: Policy, rules: readonly DirectedRule[]): Table {
  const rows: Cell[][] = [];
  for (const { rule: r, direction } of rules) {
    const [srcHosts, srcAddresses] = endpointCells(r.source);
    const [dstHosts, dstAddresses] = endpointCells(r.destination);
    const purposes = r.purposes;
    const sources = sourceCells(r.sources);
    const flows = flowsCell(r);
    const failover = r.failover ? 'yes' : 'no';
    for (const s of r.services)
      rows.push([
        r.name, direction,
        r.fromZone, srcHosts, srcAddresses,
        r.toZone, dstHosts, dstAddresses,
        s.protocol, portsCell(s.ports), 'allow',
        purposes, sources,
        r.phase, failover, flows,
      ]);
  }
  const deny = (direction: Direction, from: string, to: string): Cell[] => [
    'default-deny', direction, from, 'any', 'any', to, 'any', 'any', 'any', 'any', 'deny',
    'Default deny: everything the rules above do not allow. Return traffic of allowed connections passes by connection tracking (stateful), so no reverse rules are needed.',
    '', 'operate', 'no', '',
  ];
  if (policy.scope === 'zone-firewall') rows.push(deny('forward', 'any', 'any'));
  else {
    const zone = policy.deployment.hosts.find((h) => h.name === policy.host)?.zone ?? '';
    rows.push(deny('inbound', 'any', zone));
    if (rules.some((r) => r.direction === 'outbound')) rows.push(deny('outbound', zone, 'any'));
  }
  return { name: 'Rules', columns: RULE_COLUMNS, rows };
}

/**
 * Every address object the rules use, once, sorted by id; only when some object is too large to
 * write out in the rows (INLINE_MAX), which then name it by id.
 */
export function objectsTable(rules: readonly DirectedRule[]): Table | undefined {
  const used = new Map<string, AddressObject>();
  for (const { rule } of rules) for (const o of [rule.source, rule.destination]) used.set(o.id, o);
  const objects = [...used.values()];
  if (objects.every(inlineObject)) return undefined;
  objects.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    name: 'Objects',
    columns: [{ title: 'object', width: 30 }, { title: 'kind', width: 8 }, { title: 'zone', width: 14 }, { title: 'hosts', width: 34 }, { title: 'addresses', width: 30 }],
    rows: objects.map((o) => [o.id, o.kind, o.zone ?? '', o.hosts, addressList(o)]),
  };
}

/**
 * Up to this many flows the flows sheet lists each one; above, one row per zone pair (a sheet of
 * a hundred thousand flows helps no one, and `vbrwall plan FILE --format csv` lists them all).
 */
export const FLOW_ROWS_MAX = 2000;

/** The plan's flows the document is about (every flow, or the host's) and the rules that carry them. */
export function flowsTable(policy: Policy, rules: readonly DirectedRule[]): Table {
  // A zone firewall's sheet of a large plan counts flows per zone pair, from the typed plan.
  if (policy.scope !== 'host' && flowCount(policy.plan) > FLOW_ROWS_MAX) return zonePairFlowsTable(policy, rules, zonePairFlowCounts(policy.plan));
  const flows = policy.scope === 'host' ? policy.plan.flows.filter((f) => f.to === policy.host || f.from === policy.host) : policy.plan.flows;
  if (flows.length > FLOW_ROWS_MAX) return zonePairFlowsTable(policy, rules, zonePairFlowCounts({ ...policy.plan, flows }));
  const carriedBy = new Map<string, string[]>();
  for (const { rule } of rules)
    for (const f of rule.flows) {
      const l = carriedBy.get(f);
      if (l) l.push(rule.name);
      else carriedBy.set(f, [rule.name]);
    }
  const note = (f: (typeof flows)[number]): string =>
    policy.scope === 'zone-firewall' && f.fromZone === f.toZone ? 'inside one zone: host firewalls only' : policy.scope === 'host' && f.from === policy.host ? 'outbound: render with --outbound' : 'not rendered';
  return {
    name: 'Flows',
    columns: [
      { title: 'flow', width: 34 }, { title: 'from', width: 20 }, { title: 'from zone', width: 14 }, { title: 'to', width: 20 }, { title: 'to zone', width: 14 },
      { title: 'protocol', width: 9 }, { title: 'ports', width: 18 }, { title: 'failover ports', width: 14 }, { title: 'deploy-only ports', width: 14 },
      { title: 'purpose', width: 70 }, { title: 'source document', width: 50 }, { title: 'catalog entries', width: 34 }, { title: 'rules', width: 30 },
    ],
    rows: flows.map((f) => [
      f.id, f.from, f.fromZone, f.to, f.toZone, f.protocol,
      formatPorts(f.ports, ', '), formatPorts(f.failover, ', '), formatPorts(f.deployOnly, ', '),
      f.purposes, f.sources.map(sourceRefText), [...new Set(f.reasons.map((r) => r.entry))].sort(),
      carriedBy.get(f.id) ?? `— (${note(f)})`,
    ]),
  };
}

/** The flows sheet above FLOW_ROWS_MAX: flows and rules per zone pair, and where the full list is. */
function zonePairFlowsTable(policy: Policy, rules: readonly DirectedRule[], counts: ReadonlyMap<string, number>): Table {
  const zones = policy.deployment.zones.map((z) => z.name);
  const zi = new Map(zones.map((z, i) => [z, i]));
  const n = zones.length;
  const perPair = new Array<number>(n * n).fill(0);
  let total = 0;
  for (const [k, c] of counts) {
    const [a, b] = k.split('\u0000') as [string, string];
    perPair[zi.get(a)! * n + zi.get(b)!] = c;
    total += c;
  }
  const ruleCount = new Array<number>(n * n).fill(0);
  for (const { rule } of rules) ruleCount[zi.get(rule.fromZone)! * n + zi.get(rule.toZone)!]!++;
  const rows: Cell[][] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      const k = a * n + b;
      if (!perPair[k]) continue;
      const inside = policy.scope === 'zone-firewall' && a === b;
      rows.push([zones[a]!, zones[b]!, String(perPair[k]), String(ruleCount[k]), inside ? 'inside one zone: host firewalls only' : ruleCount[k] ? '' : 'not rendered']);
    }
  rows.push(['all', 'all', String(total), String(rules.length), `${total} flows are more than this sheet lists (${FLOW_ROWS_MAX}): vbrwall plan FILE --format csv lists every flow with its ports, purposes and sources`]);
  return {
    name: 'Flows',
    columns: [{ title: 'from zone', width: 14 }, { title: 'to zone', width: 14 }, { title: 'flows', width: 10 }, { title: 'rules', width: 10 }, { title: 'note', width: 70 }],
    rows,
  };
}

/** The last sources table made for a policy, with the rules it was made from (xlsx and html both need it). */
/** Every page and section the rules cite, with the rules and catalog entries that cite it (read-only: it may be shared between targets). */
export const sourcesTable: (policy: Policy, rules: readonly DirectedRule[]) => Table = perPolicy((policy: Policy, rules: readonly DirectedRule[]) => newSourcesTable(policy, rules));

function newSourcesTable(policy: Policy, rules: readonly DirectedRule[]): Table {
  const bySource = new Map<string, { page: string; section: string; rules: Set<string>; entries: Set<string> }>();
  // A reason's sources are its catalog entry's (plan.ts `reasonFor`; guarded by a test), so the
  // rule's entries give them without a pass over its flows; an entry the catalog does not know
  // falls back to the flows. Sources are shared objects: each one's key is built once.
  const keys = new Map<SourceRef, string>();
  const add = (rule: Rule, entry: string, sources: readonly SourceRef[]): void => {
    for (const s of sources) {
      let k = keys.get(s);
      if (k === undefined) keys.set(s, (k = `${s.page}\u0000${s.section}`));
      let e = bySource.get(k);
      if (!e) bySource.set(k, (e = { ...s, rules: new Set(), entries: new Set() }));
      e.rules.add(rule.name);
      e.entries.add(entry);
    }
  };
  for (const { rule } of rules) {
    if (rule.entries.every((id) => catalogEntry(id))) {
      for (const id of rule.entries) add(rule, id, catalogEntry(id)!.sources);
      continue;
    }
    for (const { reason } of flowReasons(policy, rule)) if (rule.entries.includes(reason.entry)) add(rule, reason.entry, reason.sources);
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const ruleOrder = new Map(rules.map((r, i) => [r.rule.name, i]));
  return {
    name: 'Sources',
    columns: [{ title: 'page', width: 30 }, { title: 'section', width: 60 }, { title: 'rules', width: 34 }, { title: 'catalog entries', width: 44 }],
    rows: [...bySource.values()]
      .sort((a, b) => cmp(a.page, b.page) || cmp(a.section, b.section))
      .map((e) => [e.page, e.section, [...e.rules].sort((a, b) => (ruleOrder.get(a) ?? 0) - (ruleOrder.get(b) ?? 0)), [...e.entries].sort()]),
  };
}
