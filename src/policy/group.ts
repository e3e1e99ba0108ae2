/**
 * Grouping flows into few exact rules.
 *
 * Ports are cut into elementary segments (atoms) at every range boundary. Atoms needed by exactly
 * the same (source, destination) pairs, with the same failover/deploy marks, form one service
 * group; the pairs of a group are covered by bicliques (sources × destinations), grouping by
 * destination or by source, whichever gives fewer rules. Every rule is therefore exact: it allows
 * a port between two hosts only where the plan needs it.
 * @module
 */
import type { Phase, Protocol } from '../catalog/types.js';
import { intersectPorts, normalizePorts, portsCover, type PortRange } from '../net/ports.js';
import type { Flow } from '../plan/types.js';

export interface PairFlow {
  from: string;
  to: string;
  flows: Flow[];
}

export interface Biclique {
  sources: string[];
  destinations: string[];
  services: { protocol: Protocol; ports: PortRange[] }[];
  phase: Phase;
  failover: boolean;
  /** The flows (of any protocol) between the covered pairs whose ports the rule serves. */
  flows: Flow[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

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

/** Groups the flows between pairs of hosts into bicliques. Flows of one pair may have several protocols. */
export function groupFlows(flows: readonly Flow[]): Biclique[] {
  if (!flows.length) return [];
  // Elementary segments per protocol.
  const segs = new Map<Protocol, PortRange[]>();
  for (const proto of ['tcp', 'udp'] as const) {
    const rs = flows.filter((f) => f.protocol === proto).flatMap((f) => [...f.ports, ...f.failover, ...f.deployOnly]);
    if (rs.length) segs.set(proto, segments(rs));
  }
  // For each atom, the pairs needing it, with marks.
  const pairIndex = new Map<string, number>();
  const pairs: { from: string; to: string }[] = [];
  const flowsOfPair: Flow[][] = [];
  const atomPairs = new Map<string, string[]>(); // atomKey -> [pairIdx:marks]
  for (const f of flows) {
    const pk = `${f.from}\u0000${f.to}`;
    let pi = pairIndex.get(pk);
    if (pi === undefined) {
      pi = pairs.length;
      pairIndex.set(pk, pi);
      pairs.push({ from: f.from, to: f.to });
      flowsOfPair.push([]);
    }
    flowsOfPair[pi]!.push(f);
    // Walk the (sorted) segments and the flow's (sorted) ranges together.
    const list = segs.get(f.protocol) ?? [];
    let j = 0;
    for (const seg of list) {
      while (j < f.ports.length && f.ports[j]![1] < seg[0]) j++;
      if (j >= f.ports.length) break;
      const r = f.ports[j]!;
      if (!(r[0] <= seg[0] && seg[1] <= r[1])) continue;
      const marks = `${f.failover.length && portsCover(f.failover, [seg]) ? 'f' : ''}${f.deployOnly.length && portsCover(f.deployOnly, [seg]) ? 'd' : ''}`;
      const key = `${f.protocol}:${seg[0]}-${seg[1]}`;
      let al = atomPairs.get(key);
      if (!al) atomPairs.set(key, (al = []));
      al.push(`${pi}:${marks}`);
    }
  }
  // Service groups: atoms with the same pair signature.
  const groups = new Map<string, { atoms: string[]; pairs: { pi: number; marks: string }[] }>();
  for (const [atom, list] of atomPairs) {
    list.sort();
    const sig = list.join(',');
    let g = groups.get(sig);
    if (!g) groups.set(sig, (g = { atoms: [], pairs: list.map((x) => ({ pi: Number(x.split(':')[0]), marks: x.split(':')[1]! })) }));
    g.atoms.push(atom);
  }
  const out: Biclique[] = [];
  for (const g of groups.values()) {
    const services = atomsToServices(g.atoms);
    // Split by marks, so that a rule's phase and failover flag are uniform.
    const byMarks = new Map<string, number[]>();
    for (const p of g.pairs) {
      let l = byMarks.get(p.marks);
      if (!l) byMarks.set(p.marks, (l = []));
      l.push(p.pi);
    }
    for (const [marks, pis] of byMarks) {
      const portsOf = new Map(services.map((s) => [s.protocol, s.ports]));
      for (const bc of bicliques(pis.map((i) => pairs[i]!))) {
        const served: Flow[] = [];
        for (const a of bc.sources)
          for (const b of bc.destinations)
            for (const f of flowsOfPair[pairIndex.get(`${a}\u0000${b}`)!] ?? [])
              if (intersectPorts(f.ports, portsOf.get(f.protocol) ?? []).length > 0) served.push(f);
        out.push({ ...bc, services, phase: marks.includes('d') ? 'deploy' : 'operate', failover: marks.includes('f'), flows: served });
      }
    }
  }
  return mergeSameEnds(out);
}

/**
 * Bicliques with the same sources, destinations and marks become one rule with their services
 * together (each was exact for every pair, so the union is too): vbr01 → esxi on 443 and on 902,
 * found in two service groups, is one rule.
 */
function mergeSameEnds(bcs: Biclique[]): Biclique[] {
  const by = new Map<string, Biclique>();
  for (const b of bcs) {
    const k = `${b.sources.join('\u0000')}\u0001${b.destinations.join('\u0000')}\u0001${b.phase}\u0001${b.failover}`;
    const have = by.get(k);
    if (!have) {
      by.set(k, { ...b, services: b.services.map((s) => ({ protocol: s.protocol, ports: [...s.ports] })), flows: [...b.flows] });
      continue;
    }
    for (const s of b.services) {
      const t = have.services.find((x) => x.protocol === s.protocol);
      if (t) t.ports = normalizePorts([...t.ports, ...s.ports]);
      else have.services.push({ protocol: s.protocol, ports: [...s.ports] });
    }
    have.services.sort((x, y) => cmp(x.protocol, y.protocol));
    const seen = new Set(have.flows);
    for (const f of b.flows) if (!seen.has(f)) have.flows.push(f);
  }
  return [...by.values()];
}

function atomsToServices(atoms: string[]): { protocol: Protocol; ports: PortRange[] }[] {
  const by = new Map<Protocol, PortRange[]>();
  for (const a of atoms) {
    const [proto, range] = a.split(':') as [Protocol, string];
    const [lo, hi] = range.split('-').map(Number) as [number, number];
    let l = by.get(proto);
    if (!l) by.set(proto, (l = []));
    l.push([lo, hi]);
  }
  return [...by.entries()].sort((a, b) => cmp(a[0], b[0])).map(([protocol, ports]) => ({ protocol, ports: normalizePorts(ports) }));
}

/** Covers a set of pairs with bicliques: by destination, then by source; the smaller result wins. */
function bicliques(ps: { from: string; to: string }[]): { sources: string[]; destinations: string[] }[] {
  const cover = (key: 'from' | 'to'): { sources: string[]; destinations: string[] }[] => {
    const other = key === 'from' ? 'to' : 'from';
    const m = new Map<string, Set<string>>();
    for (const p of ps) {
      let s = m.get(p[key]);
      if (!s) m.set(p[key], (s = new Set()));
      s.add(p[other]);
    }
    const bySet = new Map<string, { keys: string[]; others: string[] }>();
    for (const [k, set] of m) {
      const others = [...set].sort();
      const sig = others.join('\u0000');
      let b = bySet.get(sig);
      if (!b) bySet.set(sig, (b = { keys: [], others }));
      b.keys.push(k);
    }
    return [...bySet.values()].map((b) => {
      const keys = b.keys.sort();
      return key === 'from' ? { sources: keys, destinations: b.others } : { sources: b.others, destinations: keys };
    });
  };
  const a = cover('to');
  const b = cover('from');
  return (b.length < a.length ? b : a).sort((x, y) => cmp(x.sources[0]!, y.sources[0]!) || cmp(x.destinations[0]!, y.destinations[0]!));
}
