/**
 * The header space the plan needs in a scope, indexed by destination: what a rule may allow
 * without being excess, and what a rule must meet to be of any use.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { Proto } from './engine.js';
import { IntervalIndex } from './rule-index.js';
import type { Geometry, ScopedFlow } from './scope.js';
import { addrOverlaps, ALL_PORT_SET, type AddrSet, type Box } from './space.js';

export interface CoverBox {
  box: Box;
  flow: ScopedFlow;
}

interface Group {
  ids: number[];
  bySrc?: IntervalIndex;
}

export class Cover {
  private readonly boxes = new Map<string, CoverBox[]>();
  /** Per key: the distinct destination sets (hosts share theirs), indexed, with the boxes of each. */
  private readonly indexes = new Map<string, { index: IntervalIndex; members: Group[] }>();

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

  private index(k: string): { index: IntervalIndex; members: Group[] } | undefined {
    let i = this.indexes.get(k);
    if (!i) {
      const l = this.boxes.get(k);
      if (!l) return undefined;
      // Many flows go to one host: index each destination set once (sets are shared per host).
      const groups = new Map<AddrSet, number>();
      const members: Group[] = [];
      const entries: { lo: bigint; hi: bigint; id: number }[] = [];
      l.forEach((c, id) => {
        let g = groups.get(c.box.dst);
        if (g === undefined) {
          groups.set(c.box.dst, (g = members.length));
          members.push({ ids: [] });
          for (const iv of c.box.dst) entries.push({ lo: iv.lo, hi: iv.hi, id: g });
        }
        members[g]!.ids.push(id);
      });
      this.indexes.set(k, (i = { index: new IntervalIndex(entries), members }));
    }
    return i;
  }

  /** Cover boxes whose destination meets a set (and, when given, whose source meets `src`), in a stable order. */
  near(family: Family, proto: Proto, dst: AddrSet, src?: AddrSet): CoverBox[] {
    const k = `${family}/${proto}`;
    const idx = this.index(k);
    if (!idx) return [];
    const gs: number[] = [];
    for (const iv of dst) idx.index.query(iv.lo, iv.hi, gs);
    const l = this.boxes.get(k)!;
    const ids: number[] = [];
    for (const g of gs.length > 1 ? new Set(gs) : gs) {
      const grp = idx.members[g]!;
      if (!src || grp.ids.length <= 16) {
        for (const id of grp.ids) if (!src || addrOverlaps(l[id]!.box.src, src)) ids.push(id);
        continue;
      }
      // A destination many hosts talk to (the backup server): look the sources up too.
      grp.bySrc ??= new IntervalIndex(grp.ids.flatMap((id) => l[id]!.box.src.map((iv) => ({ lo: iv.lo, hi: iv.hi, id }))));
      const before = ids.length;
      for (const iv of src) grp.bySrc.query(iv.lo, iv.hi, ids);
      if (ids.length - before > 1) {
        const uniq = [...new Set(ids.splice(before))];
        ids.push(...uniq);
      }
    }
    if (ids.length > 1) ids.sort((a, b) => a - b);
    const out: CoverBox[] = [];
    for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[i - 1]) out.push(l[ids[i]!]!);
    return out;
  }

  private readonly exactMemo = new Map<string, Map<number, CoverBox[]>>();
  /** Ids of set values by set object: rules share their parsed sets, hosts theirs, so each set's text is made once. */
  private readonly idOf = new WeakMap<AddrSet, number>();
  private readonly idByValue = new Map<string, number>();

  private id(s: AddrSet): number {
    let id = this.idOf.get(s);
    if (id === undefined) {
      const k = setKey(s);
      id = this.idByValue.get(k);
      if (id === undefined) this.idByValue.set(k, (id = this.idByValue.size));
      this.idOf.set(s, id);
    }
    return id;
  }

  /**
   * Cover boxes with exactly these source and destination sets (a rule written for one flow, the
   * common case): a lookup by value instead of an interval search.
   */
  exact(family: Family, proto: Proto, src: AddrSet, dst: AddrSet): CoverBox[] | undefined {
    const k = `${family}/${proto}`;
    let m = this.exactMemo.get(k);
    if (!m) {
      this.exactMemo.set(k, (m = new Map()));
      for (const c of this.boxes.get(k) ?? []) {
        const key = this.id(c.box.src) * PAIR + this.id(c.box.dst);
        const l = m.get(key);
        if (l) l.push(c);
        else m.set(key, [c]);
      }
    }
    return m.get(this.id(src) * PAIR + this.id(dst));
  }

  all(family: Family, proto: Proto): CoverBox[] {
    return this.boxes.get(`${family}/${proto}`) ?? [];
  }
}

/** Pairs of set ids as one number (ids stay far below 2^22). */
const PAIR = 2 ** 22;

const setKey = (s: AddrSet): string => (s.length === 1 ? `${s[0]!.lo}-${s[0]!.hi}` : s.map((x) => `${x.lo}-${x.hi}`).join(','));
