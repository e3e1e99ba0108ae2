/**
 * The header space the plan needs in a scope, indexed by destination: what a rule may allow
 * without being excess, and what a rule must meet to be of any use.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { Proto } from './engine.js';
import { IntervalIndex } from './rule-index.js';
import type { Geometry, ScopedFlow } from './scope.js';
import { ALL_PORT_SET, type AddrSet, type Box } from './space.js';

export interface CoverBox {
  box: Box;
  flow: ScopedFlow;
}

export class Cover {
  private readonly boxes = new Map<string, CoverBox[]>();
  private readonly indexes = new Map<string, IntervalIndex>();

  /** `need` true: the addresses flows need (tenants on the internet: the internet zone); false: what rules may name. */
  constructor(geo: Geometry, flows: readonly ScopedFlow[], need = false) {
    for (const sf of flows) {
      const f = sf.flow;
      const src = need ? geo.need(f.from) : geo.cover(f.from);
      const dst = need ? geo.need(f.to) : geo.cover(f.to);
      for (const family of [4, 6] as const) {
        if (!src[family].length || !dst[family].length) continue;
        const k = `${family}/${f.protocol}`;
        let l = this.boxes.get(k);
        if (!l) this.boxes.set(k, (l = []));
        l.push({ box: { src: src[family], dst: dst[family], dport: f.ports, sport: ALL_PORT_SET }, flow: sf });
      }
    }
  }

  private index(k: string): IntervalIndex | undefined {
    let i = this.indexes.get(k);
    if (!i) {
      const l = this.boxes.get(k);
      if (!l) return undefined;
      const entries: { lo: bigint; hi: bigint; id: number }[] = [];
      l.forEach((c, id) => {
        for (const iv of c.box.dst) entries.push({ lo: iv.lo, hi: iv.hi, id });
      });
      this.indexes.set(k, (i = new IntervalIndex(entries)));
    }
    return i;
  }

  /** Cover boxes whose destination meets a set. */
  near(family: Family, proto: Proto, dst: AddrSet): CoverBox[] {
    const k = `${family}/${proto}`;
    const idx = this.index(k);
    if (!idx) return [];
    const ids: number[] = [];
    for (const iv of dst) idx.query(iv.lo, iv.hi, ids);
    const l = this.boxes.get(k)!;
    return [...new Set(ids)].sort((a, b) => a - b).map((i) => l[i]!);
  }

  all(family: Family, proto: Proto): CoverBox[] {
    return this.boxes.get(`${family}/${proto}`) ?? [];
  }
}
