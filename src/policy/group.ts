/**
 * Grouping flows into few exact rules.
 *
 * Ports are cut into elementary segments (atoms) at every range boundary. Atoms needed by exactly
 * the same (source, destination) pairs, with the same failover/deploy marks, form one service
 * group; the pairs of a group are covered by bicliques (sources × destinations), grouping by
 * destination or by source, whichever gives fewer rules. Every rule is therefore exact: it allows
 * a port between two hosts only where the plan needs it.
 *
 * The work is done on cells and classes, not on host pairs: a cell is a set of hosts that are
 * interchangeable here (one host type in one zone, say), and pairs of cells whose flows have
 * the same ports, marks and reasons form a class and need the same atoms. Atoms are assigned to
 * classes (tens), bicliques are found between cells (thousands), and hosts only come back as
 * the names of each rule's ends.
 * @module
 */
import type { Phase, Protocol } from '../catalog/types.js';
import { intersectPorts, normalizePorts, type PortRange } from '../net/ports.js';
import type { Flow, FlowReason } from '../plan/types.js';

/** What a flow needs between two cells: its ports, marks and reasons. A Flow is one. */
export interface Need {
  protocol: Protocol;
  ports: readonly PortRange[];
  failover: readonly PortRange[];
  deployOnly: readonly PortRange[];
  reasons: readonly FlowReason[];
}

/** A non-empty set of hosts, names sorted; the cells of one grouping are disjoint. */
export interface Cell {
  hosts: string[];
}

/** The flows from every host of one cell to every other host of another. */
export interface CellPair {
  s: Cell;
  d: Cell;
  /** By protocol: tcp, udp. */
  flows: [Need | undefined, Need | undefined];
}

export interface Biclique {
  sources: string[];
  destinations: string[];
  services: { protocol: Protocol; ports: PortRange[] }[];
  phase: Phase;
  failover: boolean;
  /** The reasons (with their protocol) of the covered flows whose ports the rule serves. */
  reasons(): { protocol: Protocol; reason: FlowReason }[];
  /** Ids (`from>to/protocol`) of the flows between the covered pairs whose ports the rule serves. */
  flowIds(): string[];
  /** How many flowIds() there are, without making them. */
  flowCount(): number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const PROTOCOLS = ['tcp', 'udp'] as const;
const protoIndex = (p: Protocol): number => (p === 'udp' ? 1 : 0);

/** Elementary segments of a set of ranges, sorted. */
function segments(ranges: readonly PortRange[]): PortRange[] {
  const cuts = new Set<number>();
  for (const [lo, hi] of ranges) {
    cuts.add(lo);
    cuts.add(hi + 1);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const out: PortRange[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push([sorted[i]!, sorted[i + 1]! - 1]);
  return out;
}

/** Text of a port list, memoised per array (the plan shares its arrays between flows). */
const portsText = new WeakMap<readonly PortRange[], string>();
function textOf(ports: readonly PortRange[]): string {
  let t = portsText.get(ports);
  if (t === undefined) portsText.set(ports, (t = ports.map((r) => `${r[0]}-${r[1]}`).join(' ')));
  return t;
}
const reasonIds = new WeakMap<FlowReason, number>();
let nextReasonId = 0;
const reasonListText = new WeakMap<readonly FlowReason[], string>();
function reasonsText(reasons: readonly FlowReason[]): string {
  let t = reasonListText.get(reasons);
  if (t !== undefined) return t;
  t = '';
  for (const r of reasons) {
    let id = reasonIds.get(r);
    if (id === undefined) reasonIds.set(r, (id = nextReasonId++));
    t += `${id},`;
  }
  reasonListText.set(reasons, t);
  return t;
}
/** Everything that decides which atoms a need covers, with which marks, for which reasons. */
const needSignature = (f: Need): string => `${f.protocol}|${textOf(f.ports)}|${textOf(f.failover)}|${textOf(f.deployOnly)}|${reasonsText(f.reasons)}`;

/** Whether a sorted port list covers a segment (ranges are disjoint, so one range must hold it). */
function coversSegment(list: readonly PortRange[], seg: PortRange): boolean {
  for (const r of list) {
    if (r[1] < seg[0]) continue;
    return r[0] <= seg[0] && seg[1] <= r[1];
  }
  return false;
}

interface Pair {
  s: number;
  d: number;
  flows: [Need | undefined, Need | undefined];
  cls: number;
}
interface Class {
  flows: [Need | undefined, Need | undefined];
  pairs: Pair[];
}

/** Groups the flows between pairs of hosts into bicliques: every host is a cell of its own. */
export function groupFlows(flows: readonly Flow[]): Biclique[] {
  const cells = new Map<string, Cell>();
  const cell = (h: string): Cell => {
    let c = cells.get(h);
    if (!c) cells.set(h, (c = { hosts: [h] }));
    return c;
  };
  const pairs = new Map<string, CellPair>();
  for (const f of flows) {
    const k = `${f.from}\u0000${f.to}`;
    let p = pairs.get(k);
    if (!p) pairs.set(k, (p = { s: cell(f.from), d: cell(f.to), flows: [undefined, undefined] }));
    const pi = protoIndex(f.protocol);
    // Two flows of one pair and protocol (not from the planner): one need with both.
    p.flows[pi] = p.flows[pi] ? mergeNeeds(p.flows[pi]!, f) : f;
  }
  return groupCells([...pairs.values()]);
}

/** A number for each cell object, for keys of sets of cells. */
const cellNumbers = new WeakMap<Cell, number>();
let nextCellNumber = 0;
const cellNumber = (c: Cell): number => {
  let n = cellNumbers.get(c);
  if (n === undefined) cellNumbers.set(c, (n = nextCellNumber++));
  return n;
};

/**
 * Groups pairs of cells into bicliques of hosts. A cell pair appears once. `names` remembers the
 * host list of each set of cells across calls, so the same end is the same array (and the same
 * address object) in every rule.
 */
export function groupCells(cellPairs: readonly CellPair[], names: Map<string, string[]> = new Map()): Biclique[] {
  if (!cellPairs.length) return [];
  // Cells numbered as met.
  const cellNum = new Map<Cell, number>();
  const cells: Cell[] = [];
  const numOf = (c: Cell): number => {
    let i = cellNum.get(c);
    if (i === undefined) {
      cellNum.set(c, (i = cells.length));
      cells.push(c);
    }
    return i;
  };
  const pairs: Pair[] = cellPairs.map((p) => ({ s: numOf(p.s), d: numOf(p.d), flows: p.flows, cls: -1 }));
  const C = cells.length;
  const pairByKey = new Map<number, Pair>();
  for (const p of pairs) pairByKey.set(p.s * C + p.d, p);
  const classByKey = new Map<string, number>();
  const classes: Class[] = [];
  for (const p of pairs) {
    const key = `${p.flows[0] ? needSignature(p.flows[0]) : ''}\u0001${p.flows[1] ? needSignature(p.flows[1]) : ''}`;
    let c = classByKey.get(key);
    if (c === undefined) {
      classByKey.set(key, (c = classes.length));
      classes.push({ flows: p.flows, pairs: [] });
    }
    p.cls = c;
    classes[c]!.pairs.push(p);
  }

  // Atoms: elementary segments per protocol; for each, the classes needing it, with marks.
  const segs: PortRange[][] = PROTOCOLS.map((_, pi) => segments(classes.flatMap((c) => (c.flows[pi] ? [...c.flows[pi]!.ports, ...c.flows[pi]!.failover, ...c.flows[pi]!.deployOnly] : []))));
  const atomClasses = new Map<number, number[]>(); // atom (pi * 65537 + segment index) → class * 4 + marks
  classes.forEach((c, ci) => {
    for (let pi = 0; pi < 2; pi++) {
      const f = c.flows[pi];
      if (!f) continue;
      const list = segs[pi]!;
      let j = 0;
      for (let si = 0; si < list.length; si++) {
        const seg = list[si]!;
        while (j < f.ports.length && f.ports[j]![1] < seg[0]) j++;
        if (j >= f.ports.length) break;
        const r = f.ports[j]!;
        if (!(r[0] <= seg[0] && seg[1] <= r[1])) continue;
        const marks = (coversSegment(f.failover, seg) ? 1 : 0) | (coversSegment(f.deployOnly, seg) ? 2 : 0);
        const atom = pi * 65537 + si;
        let l = atomClasses.get(atom);
        if (!l) atomClasses.set(atom, (l = []));
        l.push(ci * 4 + marks);
      }
    }
  });
  // Service groups: atoms needed by the same classes with the same marks.
  const groups = new Map<string, { atoms: number[]; members: number[] }>();
  for (const [atom, members] of atomClasses) {
    const sig = members.join(',');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { atoms: [], members }));
    g.atoms.push(atom);
  }

  const hostsOf = (ids: number[]): string[] => {
    if (ids.length === 1) return cells[ids[0]!]!.hosts;
    const key = ids.map((i) => cellNumber(cells[i]!)).sort((a, b) => a - b).join(',');
    let list = names.get(key);
    if (!list) names.set(key, (list = mergeSorted(ids.map((i) => cells[i]!.hosts))));
    return list;
  };
  // Bicliques with the same ends (the same cells: cells are disjoint) and marks become one rule
  // with their services together; each was exact for every pair, so the union is too (vbr01 →
  // esxi on 443 and on 902, found in two service groups, is one rule). Names are made once per rule.
  const merged = new Map<string, { src: number[]; dst: number[]; marks: number; services: { protocol: Protocol; ports: PortRange[] }[]; classes: Set<number> }>();
  for (const g of groups.values()) {
    const services = atomsToServices(g.atoms, segs);
    const byMarks = new Map<number, Pair[]>();
    for (const m of g.members) {
      const marks = m & 3;
      let l = byMarks.get(marks);
      if (!l) byMarks.set(marks, (l = []));
      for (const p of classes[m >> 2]!.pairs) l.push(p);
    }
    for (const [marks, ps] of byMarks)
      for (const bc of bicliques(ps)) {
        const src = bc.sources.sort((a, b) => a - b);
        const dst = bc.destinations.sort((a, b) => a - b);
        const k = `${src.join(',')}|${dst.join(',')}|${marks}`;
        const have = merged.get(k);
        if (!have) {
          merged.set(k, { src, dst, marks, services: services.map((x) => ({ protocol: x.protocol, ports: [...x.ports] })), classes: bc.classes });
          continue;
        }
        for (const x of services) {
          const t = have.services.find((y) => y.protocol === x.protocol);
          if (t) t.ports = normalizePorts([...t.ports, ...x.ports]);
          else have.services.push({ protocol: x.protocol, ports: [...x.ports] });
        }
        have.services.sort((x, y) => cmp(x.protocol, y.protocol));
      }
  }
  const pairOf = (s: number, d: number): Pair => pairByKey.get(s * C + d)!;
  return [...merged.values()].map((m) => biclique(hostsOf(m.src), hostsOf(m.dst), m.src, m.dst, m.services, m.marks & 2 ? 'deploy' : 'operate', (m.marks & 1) !== 0, m.classes, pairOf, classes, cells));
}

/** Two needs of the same pair and protocol as one (ports, marks and reasons together). */
function mergeNeeds(a: Need, b: Need): Need {
  return {
    protocol: a.protocol,
    ports: normalizePorts([...a.ports, ...b.ports]),
    failover: normalizePorts([...a.failover, ...b.failover]),
    deployOnly: normalizePorts([...a.deployOnly, ...b.deployOnly]),
    reasons: [...a.reasons, ...b.reasons],
  };
}

function biclique(
  sources: string[],
  destinations: string[],
  srcCells: number[],
  dstCells: number[],
  services: { protocol: Protocol; ports: PortRange[] }[],
  phase: Phase,
  failover: boolean,
  classIds: Set<number>,
  pairOf: (s: number, d: number) => Pair,
  classes: Class[],
  cells: Cell[],
): Biclique {
  const served = (f: Need | undefined, svc: typeof services): f is Need => {
    if (!f) return false;
    const s = svc.find((x) => x.protocol === f.protocol);
    return !!s && intersectPorts(f.ports, s.ports).length > 0;
  };
  return {
    sources,
    destinations,
    services,
    phase,
    failover,
    // Every pair of a class has the same reasons: gather them per class, not per pair.
    reasons() {
      const out: { protocol: Protocol; reason: FlowReason }[] = [];
      const seen = [new Set<FlowReason>(), new Set<FlowReason>()];
      for (const ci of classIds)
        for (const f of classes[ci]!.flows) {
          if (!served(f, this.services)) continue;
          const svc = this.services.find((x) => x.protocol === f.protocol)!;
          const pi = protoIndex(f.protocol);
          for (const r of f.reasons) {
            if (seen[pi]!.has(r)) continue;
            seen[pi]!.add(r);
            if (intersectPorts(r.ports, svc.ports).length) out.push({ protocol: f.protocol, reason: r });
          }
        }
      return out;
    },
    flowCount() {
      let n = 0;
      for (const sc of srcCells)
        for (const dc of dstCells) {
          const a = cells[sc]!.hosts;
          const b = cells[dc]!.hosts;
          // Cells of one grouping are disjoint, so no host pairs with itself.
          for (const f of pairOf(sc, dc).flows) if (served(f, this.services)) n += a.length * b.length;
        }
      return n;
    },
    flowIds() {
      const out: string[] = [];
      for (const sc of srcCells)
        for (const dc of dstCells)
          for (const f of pairOf(sc, dc).flows) {
            if (!served(f, this.services)) continue;
            for (const s of cells[sc]!.hosts) for (const d of cells[dc]!.hosts) if (s !== d) out.push(`${s}>${d}/${f.protocol}`);
          }
      return out;
    },
  };
}

/** Merges sorted lists of distinct names (from disjoint cells) into one sorted list. */
function mergeSorted(lists: string[][]): string[] {
  let out = lists[0]!;
  for (let i = 1; i < lists.length; i++) {
    const a = out;
    const b = lists[i]!;
    const m: string[] = new Array(a.length + b.length);
    let x = 0;
    let y = 0;
    let k = 0;
    while (x < a.length && y < b.length) m[k++] = a[x]! < b[y]! ? a[x++]! : b[y++]!;
    while (x < a.length) m[k++] = a[x++]!;
    while (y < b.length) m[k++] = b[y++]!;
    out = m;
  }
  return out;
}

function atomsToServices(atoms: number[], segs: PortRange[][]): { protocol: Protocol; ports: PortRange[] }[] {
  const by: PortRange[][] = [[], []];
  for (const a of atoms) {
    const pi = a >= 65537 ? 1 : 0;
    by[pi]!.push(segs[pi]![a - pi * 65537]!);
  }
  return PROTOCOLS.flatMap((protocol, pi) => (by[pi]!.length ? [{ protocol, ports: normalizePorts(by[pi]!) }] : []));
}

/**
 * Covers a set of pairs with bicliques: by destination, then by source; the smaller result wins.
 * Hosts are numbers in name order. Each biclique also names the classes of its pairs.
 */
function bicliques(ps: readonly Pair[]): { sources: number[]; destinations: number[]; classes: Set<number> }[] {
  const cover = (byDest: boolean): { sources: number[]; destinations: number[]; classes: Set<number> }[] => {
    const m = new Map<number, { others: number[]; classes: Set<number> }>();
    for (const p of ps) {
      const key = byDest ? p.d : p.s;
      let e = m.get(key);
      if (!e) m.set(key, (e = { others: [], classes: new Set() }));
      e.others.push(byDest ? p.s : p.d);
      e.classes.add(p.cls);
    }
    const bySet = new Map<string, { keys: number[]; others: number[]; classes: Set<number> }>();
    for (const [k, e] of m) {
      const others = [...new Set(e.others)].sort((a, b) => a - b);
      const sig = others.join(',');
      let b = bySet.get(sig);
      if (!b) bySet.set(sig, (b = { keys: [], others, classes: new Set() }));
      b.keys.push(k);
      for (const c of e.classes) b.classes.add(c);
    }
    return [...bySet.values()].map((b) => {
      const keys = b.keys.sort((x, y) => x - y);
      return byDest ? { sources: b.others, destinations: keys, classes: b.classes } : { sources: keys, destinations: b.others, classes: b.classes };
    });
  };
  const a = cover(true);
  const b = cover(false);
  return (b.length < a.length ? b : a).sort((x, y) => x.sources[0]! - y.sources[0]! || x.destinations[0]! - y.destinations[0]!);
}
