/**
 * Regions: boxes tagged with their family and protocol, and their description in words
 * (zones, hosts, ports) for the excess report.
 * @module
 */
import type { Family } from '../net/ip.js';
import { formatPorts, type PortRange, type PortSet } from '../net/ports.js';
import type { Proto } from './engine.js';
import { IntervalIndex } from './rule-index.js';
import type { Geometry } from './scope.js';
import { addrComplement, addrEqual, addrIntersect, addrIsAll, addrOverlaps, addrSize, addrText, intersectBox, MAX_ADDR, portIntersect, portOverlaps, subtractBoxes, unionDport, unionDst, unionSrc, type AddrIv, type AddrSet, type Box } from './space.js';

export interface Region {
  family: Family;
  proto: Proto;
  box: Box;
}

/** Regions cut to a box (dimensions left out: any). */
export function restrict(rs: readonly Region[], m: { src?: AddrSet | undefined; dst?: AddrSet | undefined; dport?: PortSet | undefined }, family?: Family, proto?: Proto): Region[] {
  const out: Region[] = [];
  for (const r of rs) {
    if ((family && r.family !== family) || (proto && r.proto !== proto)) continue;
    // Ports first: most cuts miss on them, and that needs no intersection of addresses.
    if (m.dport && !portOverlaps(r.box.dport, m.dport)) continue;
    // intersectBox, with sets of many intervals (every Linux host) cut by binary search.
    const b = r.box;
    const src = addrIntersectFast(b.src, m.src ?? b.src);
    if (!src.length) continue;
    const dst = addrIntersectFast(b.dst, m.dst ?? b.dst);
    if (!dst.length) continue;
    const dport = portIntersect(b.dport, m.dport ?? b.dport);
    if (!dport.length) continue;
    const sport = portIntersect(b.sport, b.sport);
    if (!sport.length) continue;
    out.push({ ...r, box: { src, dst, dport, sport } });
  }
  return out;
}

/**
 * `addrIntersect` (the same intervals, the same objects), for a set much shorter than the other:
 * each of its intervals finds where it meets the longer by binary search.
 */
export function addrIntersectFast(a: AddrSet, b: AddrSet): AddrIv[] {
  const aSmall = a.length <= b.length;
  const small = aSmall ? a : b;
  const big = aSmall ? b : a;
  if (small.length * 16 > big.length) return addrIntersect(a, b);
  const out: AddrIv[] = [];
  let j = 0;
  for (const x of small) {
    let lo = j;
    let hi = big.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (big[mid]!.hi < x.lo) lo = mid + 1;
      else hi = mid;
    }
    j = lo;
    for (let k = j; k < big.length && big[k]!.lo <= x.hi; k++) {
      const y = big[k]!;
      const l = x.lo > y.lo ? x.lo : y.lo;
      const h = x.hi < y.hi ? x.hi : y.hi;
      // As addrIntersect: the interval of `a` when it is the meet, else that of `b`, else a new one.
      const p = aSmall ? x : y;
      const q = aSmall ? y : x;
      out.push(l === p.lo && h === p.hi ? p : l === q.lo && h === q.hi ? q : { lo: l, hi: h });
    }
  }
  return out;
}

/** Regions minus other regions. */
export function subtractRegions(rs: readonly Region[], minus: readonly Region[]): Region[] {
  const out: Region[] = [];
  // Many regions minus many (the pieces of a rule to a whole zone): the ones to subtract are found
  // by destination, then taken in their order.
  const index = rs.length * minus.length > INDEX_PAIRS ? byDestination(minus) : undefined;
  const ids: number[] = [];
  for (const r of rs) {
    // Only the boxes that meet the region cut it; without any, the region stays as it is.
    const m: Box[] = [];
    if (index) {
      ids.length = 0;
      for (const iv of r.box.dst) index.query(iv.lo, iv.hi, ids);
      if (ids.length > 1) ids.sort((a, b) => a - b);
      for (let i = 0; i < ids.length; i++) {
        if (i > 0 && ids[i] === ids[i - 1]) continue;
        const x = minus[ids[i]!]!;
        if (x.family === r.family && x.proto === r.proto && boxesMeet(r.box, x.box)) m.push(x.box);
      }
    } else for (const x of minus) if (x.family === r.family && x.proto === r.proto && boxesMeet(r.box, x.box)) m.push(x.box);
    if (!m.length) {
      out.push(r);
      continue;
    }
    for (const b of subtractBoxes([r.box], m) ?? [r.box]) out.push({ ...r, box: b });
  }
  return out;
}

/** Past this many pairs of regions, the regions subtracted are looked up by destination. */
const INDEX_PAIRS = 4096;

/**
 * The items whose box meets a box of `rs`, in their order: a look-up by destination when there
 * are many of both (the flows of a backup server against the pieces of a rule to every zone).
 */
export function meetingAny<T extends { box: Box }>(items: readonly T[], rs: readonly { box: Box }[]): T[] {
  if (items.length * rs.length <= INDEX_PAIRS) return items.filter((c) => rs.some((r) => boxesMeet(r.box, c.box)));
  const index = byDestination(rs);
  const out: T[] = [];
  const ids: number[] = [];
  for (const c of items) {
    ids.length = 0;
    for (const iv of c.box.dst) index.query(iv.lo, iv.hi, ids);
    for (let i = 0; i < ids.length; i++)
      if (boxesMeet(rs[ids[i]!]!.box, c.box)) {
        out.push(c);
        break;
      }
  }
  return out;
}

function byDestination(rs: readonly { box: Box }[]): IntervalIndex {
  return boxesByDestination(rs.map((r) => r.box));
}

function boxesByDestination(bs: readonly Box[]): IntervalIndex {
  const entries: { lo: bigint; hi: bigint; id: number }[] = [];
  bs.forEach((b, id) => {
    for (const iv of b.dst) entries.push({ lo: iv.lo, hi: iv.hi, id });
  });
  return new IntervalIndex(entries);
}

/**
 * The packets in both lists of boxes: each box of `as` cut by each box of `bs` it meets, in that
 * order; the boxes of `bs` that meet one of `as` are looked up by destination when there are many.
 */
export function intersectBoxes(as: readonly Box[], bs: readonly Box[]): Box[] {
  const out: Box[] = [];
  if (as.length * bs.length <= INDEX_PAIRS) {
    for (const a of as)
      for (const b of bs) {
        const c = boxesMeet(a, b) ? intersectBox(a, b) : undefined;
        if (c) out.push(c);
      }
    return out;
  }
  const index = boxesByDestination(bs);
  const ids: number[] = [];
  for (const a of as) {
    ids.length = 0;
    for (const iv of a.dst) index.query(iv.lo, iv.hi, ids);
    if (ids.length > 1) ids.sort((x, y) => x - y);
    for (let i = 0; i < ids.length; i++) {
      if (i > 0 && ids[i] === ids[i - 1]) continue;
      const b = bs[ids[i]!]!;
      const c = boxesMeet(a, b) ? intersectBox(a, b) : undefined;
      if (c) out.push(c);
    }
  }
  return out;
}

/** Whether two boxes share a packet, ports first (numbers; addresses are bigints). */
export const boxesMeet = (a: Box, b: Box): boolean => portOverlaps(a.dport, b.dport) && addrOverlaps(a.src, b.src) && addrOverlaps(a.dst, b.dst) && portOverlaps(a.sport, b.sport);

/** Hosts in wide sets, by value: the rest of the address space seen from a zone comes back for each broad rule of that zone. */
const WIDE_HOSTS = new WeakMap<Geometry, Map<string, readonly string[]>>();

/** `geo.hostsIn`, remembered for sets spanning more than a /16 or of many intervals (a fresh list each time). */
function hostsIn(geo: Geometry, set: AddrSet, family: Family): string[] {
  if (set.length < 8 && (!set.length || set[set.length - 1]!.hi - set[0]!.lo < 65536n)) return geo.hostsIn(set, family);
  let m = WIDE_HOSTS.get(geo);
  if (!m) WIDE_HOSTS.set(geo, (m = new Map()));
  const key = `${family}:${set.map((iv) => `${iv.lo}-${iv.hi}`).join(',')}`;
  let hs = m.get(key);
  if (!hs) m.set(key, (hs = geo.hostsIn(set, family)));
  return hs.slice();
}

export interface RegionText {
  /** `tcp 22, 445; udp 137-138` */
  services: string;
  protocols: Proto[];
  ports: PortRange[];
  sources: string[];
  destinations: string[];
  fromZones: string[];
  toZones: string[];
  /** Deployment hosts among the destinations. */
  hosts: string[];
  /** Every port of the protocols named. */
  allPorts: boolean;
  /** The sources (destinations) in words: whole zones by name, else the addresses and their zones. */
  fromText: string;
  toText: string;
}

export function describeRegions(geo: Geometry, rs: readonly Region[]): RegionText {
  const protocols = [...new Set(rs.map((r) => r.proto))].sort();
  const byProto = protocols.map((p) => ({ p, ports: unionDport(protocols.length === 1 ? rs.map((r) => r.box) : rs.filter((r) => r.proto === p).map((r) => r.box)) }));
  const fams = [...new Set(rs.map((r) => r.family))].sort();
  const sources: string[] = [];
  const destinations: string[] = [];
  const fromZones = new Set<string>();
  const toZones = new Set<string>();
  // Hosts sorted by name: one family's list comes sorted and unique (made into a set only for two).
  let hostList: string[] | undefined;
  let hosts: Set<string> | undefined;
  let srcWhole = true;
  let dstWhole = true;
  for (const f of fams) {
    const boxes = fams.length === 1 ? rs.map((r) => r.box) : rs.filter((r) => r.family === f).map((r) => r.box);
    // One interval is a set already (a host, a subnet): no union made.
    const src = boxes.length === 1 && boxes[0]!.src.length === 1 ? boxes[0]!.src : unionSrc(boxes);
    const dst = boxes.length === 1 && boxes[0]!.dst.length === 1 ? boxes[0]!.dst : unionDst(boxes);
    sources.push(...setText(src, f));
    destinations.push(...setText(dst, f));
    for (const z of geo.zonesOf(src, f)) {
      fromZones.add(z.zone);
      if (!addrEqual(z.part, geo.zone(z.zone)[f])) srcWhole = false;
    }
    for (const z of geo.zonesOf(dst, f)) {
      toZones.add(z.zone);
      if (!addrEqual(z.part, geo.zone(z.zone)[f])) dstWhole = false;
    }
    const hs = hostsIn(geo, dst, f);
    if (!hostList) hostList = hs;
    else {
      hosts ??= new Set(hostList);
      for (const h of hs) hosts.add(h);
    }
  }
  const sortedHosts = hosts ? [...hosts].sort() : (hostList ?? []);
  return {
    services: byProto.map(({ p, ports }) => `${p} ${portText(ports)}`).join('; '),
    protocols,
    // One protocol: its ports are all the ports.
    ports: byProto.length === 1 ? byProto[0]!.ports : unionDport(rs.map((r) => r.box)),
    sources,
    destinations,
    fromZones: [...fromZones].sort(),
    toZones: [...toZones].sort(),
    hosts: sortedHosts,
    allPorts: byProto.every(({ ports }) => ports.length === 1 && ports[0]![0] <= 1 && ports[0]![1] === 65535),
    fromText: srcWhole ? zoneWords([...fromZones].sort()) : `${sources.slice(0, 3).join(', ')}${sources.length > 3 ? ', …' : ''} (${zoneWords([...fromZones].sort())})`,
    toText: dstWhole ? zoneWords([...toZones].sort()) : `${sortedHosts.length ? nameList(sortedHosts) : destinations.slice(0, 3).join(', ')} (${zoneWords([...toZones].sort())})`,
  };
}

/** The `sources` and `destinations` of `describeRegions`, alone (no zones, hosts or ports). */
export function regionAddresses(rs: readonly Region[]): Pick<RegionText, 'sources' | 'destinations'> {
  const sources: string[] = [];
  const destinations: string[] = [];
  for (const f of [...new Set(rs.map((r) => r.family))].sort()) {
    const boxes = rs.filter((r) => r.family === f).map((r) => r.box);
    sources.push(...setText(unionSrc(boxes), f));
    destinations.push(...setText(unionDst(boxes), f));
  }
  return { sources, destinations };
}

export const portText = (ports: PortSet): string => (ports.length === 1 && ports[0]![0] <= 1 && ports[0]![1] === 65535 ? 'every port' : formatPorts(ports));

/** `vbr01, proxy01 and 3 more` */
export function nameList(names: readonly string[], max = 4): string {
  if (names.length <= max) return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Zones of a set as words: `zone production`, `zones production and backup-data`. */
export const zoneWords = (zones: readonly string[]): string => (zones.length === 1 ? `zone ${zones[0]}` : `zones ${nameList(zones)}`);

/** A set as prefixes, or as `any except …` when it is most of the address space. */
function setText(set: AddrSet, family: Family): string[] {
  if (addrIsAll(set, family)) return addrText(set, family);
  // The size is at most the span: a set within half the space (hosts of a few zones, nearly every
  // set described) needs no sum over its intervals.
  if (set.length && (set[set.length - 1]!.hi - set[0]!.lo + 1n) * 2n > MAX_ADDR[family] && addrSize(set) * 2n > MAX_ADDR[family]) return [`any ${family === 4 ? 'IPv4' : 'IPv6'} address except ${addrText(addrComplement(set, family), family, 4).join(', ')}`];
  return addrText(set, family, 6);
}
