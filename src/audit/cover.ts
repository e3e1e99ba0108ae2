/**
 * The header space the plan needs in a scope, indexed by destination: what a rule may allow
 * without being excess, and what a rule must meet to be of any use.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { PortSet } from '../net/ports.js';
import type { Acl, AclRule } from './acl.js';
import type { Proto } from './engine.js';
import { IntervalIndex } from './rule-index.js';
import { SetIds } from './set-ids.js';
import type { Geometry, ScopedFlow } from './scope.js';
import { addrOverlaps, addrSize, ALL_PORT_SET, portWithin, unionDport, type AddrSet, type Box, type MatchBox } from './space.js';

export interface CoverBox {
  box: Box;
  flow: ScopedFlow;
}

interface Group {
  ids: number[];
  /** The group's boxes by their other side (built at the second look-up: one look-up is cheaper as a scan). */
  byOther?: IntervalIndex;
  looked?: boolean;
  /** The group's boxes by the group of their other side's set (built at the first look-up by pairs). */
  byOtherGroup?: Map<number, number[]>;
}

interface Side {
  index: IntervalIndex;
  members: Group[];
  /** The group of each box (by its id in the list). */
  groupOf: Int32Array;
}

/** Look-ups by pairs of groups up to this many: each is a map look-up, cheaper than scanning a group. */
const PAIRS_MAX = 1024;
/** A pair whose smaller group has up to this many boxes is found by scanning it, without a map. */
const SCAN_MAX = 64;
/** Sets wider than this (a /14) meet too many groups to look up by pairs. */
const PAIR_SPAN = 1n << 18n;

/** Keys of the lists per family and protocol, made once. */
const KEY = { 4: { tcp: '4/tcp', udp: '4/udp' }, 6: { tcp: '6/tcp', udp: '6/udp' } } as const;
/** Family and protocol as a small number, for arrays. */
const SLOT = { 4: { tcp: 0, udp: 1 }, 6: { tcp: 2, udp: 3 } } as const;

/** The cover boxes of one pair of sets when there are several, and their ports as one set (made on demand). */
class Exact {
  ports: PortSet | undefined;
  constructor(readonly boxes: CoverBox[]) {}
}
/** Nearly every pair of sets has one flow: its box is kept as it is (no list, no object per pair). */
type ExactSlot = CoverBox | Exact;

export class Cover {
  private readonly boxes = new Map<string, CoverBox[]>();
  /** Per key: the distinct destination sets (hosts share theirs), indexed, with the boxes of each. */
  private readonly indexes = new Map<string, Side>();

  /** `need` true: the addresses flows need (tenants on the internet: the internet zone); false: what rules may name. */
  constructor(geo: Geometry, flows: readonly ScopedFlow[], need = false) {
    for (const sf of flows) {
      const f = sf.flow;
      const src = need ? geo.need(f.from) : geo.cover(f.from);
      const dst = need ? geo.need(f.to) : geo.cover(f.to);
      for (const family of [4, 6] as const) {
        if (!src[family].length || !dst[family].length) continue;
        const k = KEY[family][f.protocol];
        let l = this.boxes.get(k);
        if (!l) this.boxes.set(k, (l = []));
        l.push({ box: { src: src[family], dst: dst[family], dport: f.ports, sport: ALL_PORT_SET }, flow: sf });
      }
    }
  }

  private index(k: string, side: 'src' | 'dst' = 'dst'): Side | undefined {
    const key = `${k}/${side}`;
    let i = this.indexes.get(key);
    if (!i) {
      const l = this.boxes.get(k);
      if (!l) return undefined;
      // Many flows go to one host: index each destination (source) set once (sets are shared per host).
      const groups = new Map<AddrSet, number>();
      const members: Group[] = [];
      const entries: { lo: bigint; hi: bigint; id: number }[] = [];
      const groupOf = new Int32Array(l.length);
      // Flows come in runs from one host (and often to one): a run's group is looked up once.
      let last: AddrSet | undefined;
      let ids: number[] = [];
      let g = -1;
      for (let id = 0; id < l.length; id++) {
        const set = l[id]!.box[side];
        if (set !== last) {
          last = set;
          let x = groups.get(set);
          if (x === undefined) {
            groups.set(set, (x = members.length));
            members.push({ ids: [] });
            for (const iv of set) entries.push({ lo: iv.lo, hi: iv.hi, id: x });
          }
          g = x;
          ids = members[g]!.ids;
        }
        ids.push(id);
        groupOf[id] = g;
      }
      this.indexes.set(key, (i = { index: new IntervalIndex(entries), members, groupOf }));
    }
    return i;
  }

  /** Cover boxes whose destination meets a set (and, when given, whose source meets `src`), in a stable order. */
  near(family: Family, proto: Proto, dst: AddrSet, src?: AddrSet): CoverBox[] {
    const k = KEY[family][proto];
    const srcSize = src === undefined ? 0n : addrSize(src);
    const dstSize = addrSize(dst);
    if (src !== undefined && srcSize <= PAIR_SPAN && dstSize <= PAIR_SPAN) {
      const pairs = this.nearByPairs(k, dst, src);
      if (pairs) return pairs;
    }
    // Look up by the narrower side: a rule from one host to anywhere finds that host's few flows.
    const bySrc = src !== undefined && srcSize < dstSize;
    const idx = this.index(k, bySrc ? 'src' : 'dst');
    if (!idx) return [];
    const [first, other] = bySrc ? [src, dst] : [dst, src];
    const otherSide = bySrc ? 'dst' : 'src';
    const gs: number[] = [];
    for (const iv of first) idx.index.query(iv.lo, iv.hi, gs);
    const l = this.boxes.get(k)!;
    const ids: number[] = [];
    for (const g of gs.length > 1 ? new Set(gs) : gs) {
      const grp = idx.members[g]!;
      if (!other || grp.ids.length <= 16 || !grp.looked) {
        grp.looked = true;
        for (const id of grp.ids) if (!other || addrOverlaps(l[id]!.box[otherSide], other)) ids.push(id);
        continue;
      }
      // A destination many hosts talk to (the backup server): look the sources up too.
      grp.byOther ??= new IntervalIndex(grp.ids.flatMap((id) => l[id]!.box[otherSide].map((iv) => ({ lo: iv.lo, hi: iv.hi, id }))));
      const before = ids.length;
      for (const iv of other) grp.byOther.query(iv.lo, iv.hi, ids);
      if (ids.length - before > 1) {
        const uniq = [...new Set(ids.splice(before))];
        ids.push(...uniq);
      }
    }
    return this.byIds(k, ids);
  }

  /**
   * `near` for a few destination and source sets (a rule between two hosts, or a host and a
   * subnet): the destination groups and source groups that meet them, then each pair's boxes by a
   * map look-up, instead of scanning the flows of a destination many hosts talk to. Undefined when
   * there are too many pairs.
   */
  private nearByPairs(k: string, dst: AddrSet, src: AddrSet): CoverBox[] | undefined {
    const d = this.index(k, 'dst');
    const s = this.index(k, 'src');
    if (!d || !s) return [];
    const gd = groupsMeeting(d, dst);
    if (!gd.length) return [];
    const gs = groupsMeeting(s, src);
    if (!gs.length) return [];
    if (gd.length * gs.length > PAIRS_MAX) return undefined;
    const ids: number[] = [];
    let lists = 0;
    let last: number[] | undefined;
    for (const g of gd) {
      const grp = d.members[g]!;
      let m = grp.byOtherGroup;
      if (!m && gs.length === 1) {
        // One pair of small groups (a rule between two hosts): the smaller group's ids, those of the
        // other group, ascending as the map's list would be; the map is made for groups many flows share.
        const o = gs[0]!;
        const other = s.members[o]!;
        if (Math.min(grp.ids.length, other.ids.length) <= SCAN_MAX) {
          const [scan, groupOf, want] = grp.ids.length <= other.ids.length ? [grp.ids, s.groupOf, o] : [other.ids, d.groupOf, g];
          const before = ids.length;
          for (let i = 0; i < scan.length; i++) if (groupOf[scan[i]!] === want) ids.push(scan[i]!);
          if (ids.length > before) {
            lists++;
            last = ids.length === before + scan.length && before === 0 ? scan : ids.slice(before);
          }
          continue;
        }
      }
      if (!m) {
        grp.byOtherGroup = m = new Map();
        for (const id of grp.ids) {
          const o = s.groupOf[id]!;
          const l = m.get(o);
          if (l) l.push(id);
          else m.set(o, [id]);
        }
      }
      for (const o of gs) {
        const l = m.get(o);
        if (!l) continue;
        lists++;
        last = l;
        for (let i = 0; i < l.length; i++) ids.push(l[i]!);
      }
    }
    // One pair's list is sorted and unique already (a group's ids ascend).
    if (lists === 1) return this.byIds(k, last!, true);
    return this.byIds(k, ids);
  }

  /** The boxes of ids, in the order of the ids, once each. */
  private byIds(k: string, ids: readonly number[], sorted = false): CoverBox[] {
    const l = this.boxes.get(k)!;
    const out: CoverBox[] = [];
    if (sorted) {
      for (let i = 0; i < ids.length; i++) out.push(l[ids[i]!]!);
      return out;
    }
    // A typed array sorts numbers without a comparator call per step.
    const s = ids.length > 16 ? Int32Array.from(ids).sort() : (ids as number[]).sort((a, b) => a - b);
    for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) out.push(l[s[i]!]!);
    return out;
  }

  /** Per family and protocol (SLOT): by the id of the source set (an array slot), then of the destination set. */
  private readonly exactMemo: ((Map<number, ExactSlot> | undefined)[] | undefined)[] = [];
  private readonly ids = new SetIds();

  private exactEntry(family: Family, proto: Proto, src: AddrSet, dst: AddrSet): ExactSlot | undefined {
    const k = SLOT[family][proto];
    let m = this.exactMemo[k];
    if (!m) {
      m = this.exactMemo[k] = [];
      // Flows come in runs from one host: its map is looked up once per run.
      let lastSet: AddrSet | undefined;
      let bySrc: Map<number, ExactSlot> | undefined;
      for (const c of this.boxes.get(KEY[family][proto]) ?? []) {
        if (c.box.src !== lastSet) {
          lastSet = c.box.src;
          bySrc = m[this.ids.id(lastSet)] ??= new Map();
        }
        const b = this.ids.id(c.box.dst);
        const e = bySrc!.get(b);
        if (e === undefined) bySrc!.set(b, c);
        else if (e instanceof Exact) e.boxes.push(c);
        else bySrc!.set(b, new Exact([e, c]));
      }
    }
    // Rules come in runs from one source (a chain per source zone, sorted by host): its map is kept.
    let bySrc: Map<number, ExactSlot> | undefined;
    if (src === this.lastSrc && k === this.lastSlot) bySrc = this.lastBySrc;
    else {
      bySrc = m[this.ids.id(src)];
      this.lastSrc = src;
      this.lastSlot = k;
      this.lastBySrc = bySrc;
    }
    return bySrc?.get(this.ids.id(dst));
  }

  private lastSrc: AddrSet | undefined;
  private lastSlot = -1;
  private lastBySrc: Map<number, ExactSlot> | undefined;

  /**
   * Cover boxes with exactly these source and destination sets (a rule written for one flow, the
   * common case): a lookup by value instead of an interval search.
   */
  exact(family: Family, proto: Proto, src: AddrSet, dst: AddrSet): CoverBox[] | undefined {
    const e = this.exactEntry(family, proto, src, dst);
    return e === undefined ? undefined : e instanceof Exact ? e.boxes : [e];
  }

  /** The ports of the cover boxes with exactly these source and destination sets, as one set (made once per pair). */
  exactPorts(family: Family, proto: Proto, src: AddrSet, dst: AddrSet): PortSet | undefined {
    const e = this.exactEntry(family, proto, src, dst);
    if (e === undefined) return undefined;
    if (!(e instanceof Exact)) return e.box.dport;
    return (e.ports ??= unionDport(e.boxes.map((c) => c.box)));
  }

  /** Per rule id and SLOT: 0 not asked yet, 1 planned, 2 not; for the rules of `plannedAcl`. */
  private plannedMemo = new Uint8Array(0);
  private plannedAcl: Acl | undefined;

  /**
   * Whether every alternative of a rule's match (`m`, for new connections of a family and
   * protocol) has exactly the source and destination sets of planned flows and ports among
   * theirs: a rule written for flows of the plan, the common case (no excess, and used).
   * Remembered by rule: the excess and the unused analyses ask about the same rules.
   */
  planned(acl: Acl, r: AclRule, family: Family, proto: Proto, m: readonly MatchBox[]): boolean {
    if (acl !== this.plannedAcl) {
      this.plannedAcl = acl;
      this.plannedMemo = new Uint8Array(acl.rules.length * 4);
    }
    const k = r.id * 4 + SLOT[family][proto];
    const v = this.plannedMemo[k];
    if (v) return v === 1;
    let yes = true;
    for (let i = 0; i < m.length && yes; i++) {
      const mb = m[i]!;
      if (!mb.src || !mb.dst || !mb.dport) yes = false;
      else {
        const ports = this.exactPorts(family, proto, mb.src, mb.dst);
        yes = !!ports && portWithin(mb.dport, ports);
      }
    }
    this.plannedMemo[k] = yes ? 1 : 2;
    return yes;
  }

  all(family: Family, proto: Proto): CoverBox[] {
    return this.boxes.get(KEY[family][proto]) ?? [];
  }
}

/** The groups of a side whose sets meet a set, once each. */
function groupsMeeting(side: Side, set: AddrSet): number[] {
  const gs: number[] = [];
  for (const iv of set) side.index.query(iv.lo, iv.hi, gs);
  if (gs.length < 2) return gs;
  gs.sort((a, b) => a - b);
  let n = 1;
  for (let i = 1; i < gs.length; i++) if (gs[i] !== gs[n - 1]) gs[n++] = gs[i]!;
  gs.length = n;
  return gs;
}
