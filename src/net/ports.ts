/**
 * Port range arithmetic. A port set is a sorted list of disjoint, non-adjacent inclusive
 * `[low, high]` ranges (the contract's `ports` shape).
 * @module
 */
export type PortRange = readonly [number, number];
export type PortSet = readonly PortRange[];

export const ALL_PORTS: PortSet = [[0, 65535]];

/** Sorts and merges overlapping or adjacent ranges. */
export function normalizePorts(ranges: Iterable<PortRange>): PortRange[] {
  // Fast path: already sorted, disjoint and non-adjacent (the common case in the pipeline).
  if (Array.isArray(ranges)) {
    const a = ranges as readonly PortRange[];
    let ok = true;
    for (let i = 0; i < a.length && ok; i++) {
      const r = a[i]!;
      if (r[0] > r[1] || (i > 0 && r[0] <= a[i - 1]![1] + 1)) ok = false;
    }
    if (ok) return a.slice() as PortRange[];
  }
  const sorted = [...ranges].map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export const unionPorts = (...sets: PortSet[]): PortRange[] => {
  const nonEmpty = sets.filter((s) => s.length);
  if (nonEmpty.length <= 1) return normalizePorts(nonEmpty[0] ?? []);
  return normalizePorts(nonEmpty.flat());
};

export function intersectPorts(a: PortSet, b: PortSet): PortRange[] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  const x = normalizePorts(a);
  const y = normalizePorts(b);
  while (i < x.length && j < y.length) {
    const [alo, ahi] = x[i]!;
    const [blo, bhi] = y[j]!;
    const lo = Math.max(alo, blo);
    const hi = Math.min(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

export function subtractPorts(a: PortSet, b: PortSet): PortRange[] {
  if (!b.length || !a.length) return normalizePorts(a);
  const out: [number, number][] = [];
  const y = normalizePorts(b);
  for (const [lo0, hi] of normalizePorts(a)) {
    let lo = lo0;
    for (const [blo, bhi] of y) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = bhi + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

export const portsContain = (set: PortSet, port: number): boolean => set.some(([lo, hi]) => port >= lo && port <= hi);

export const portsCover = (outer: PortSet, inner: PortSet): boolean => subtractPorts(inner, outer).length === 0;

export const portCount = (set: PortSet): number => set.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);

export const portsEqual = (a: PortSet, b: PortSet): boolean => {
  const x = normalizePorts(a);
  const y = normalizePorts(b);
  return x.length === y.length && x.every(([lo, hi], i) => lo === y[i]![0] && hi === y[i]![1]);
};

/** `22, 2500-3300, 6162` */
export function formatPorts(set: PortSet, sep = ', ', dash = '-'): string {
  return normalizePorts(set)
    .map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}${dash}${hi}`))
    .join(sep);
}

/** Parses `22`, `2500-3300`, `2500 to 3300`, `135, 137-139`. Returns undefined when not a port list. */
export function parsePorts(text: string): PortRange[] | undefined {
  const parts = text.split(/\s*,\s*/).filter((p) => p.trim() !== '');
  if (!parts.length) return undefined;
  const out: [number, number][] = [];
  for (const part of parts) {
    const m = /^\s*(\d{1,5})\s*(?:(?:-|to|–)\s*(\d{1,5}))?\s*$/.exec(part);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo > 65535 || hi > 65535 || hi < lo) return undefined;
    out.push([lo, hi]);
  }
  return normalizePorts(out);
}
