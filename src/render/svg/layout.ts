/**
 * A deterministic layout for the zone diagram: zones are columns (in the deployment's order),
 * hosts are rows inside them (ordered by a few barycentre sweeps to cut crossings). Edges with the
 * same ports are bundled where that stays exact (every source reaches every target with exactly
 * those ports), and each bundle runs from its sources through one label to its targets. Labels
 * sit in the gap beside the target's column, facing the sources, packed so that none overlap.
 * @module
 */
import type { Graph, GraphEdge, GraphNode, GraphZone } from './graph.js';
import { fitText, textUnits } from './quote.js';
import { groupBy } from '../_shared/group-by.js';

export const SIZE = {
  margin: 24, top: 72, nodeW: 196, nodeH: 50, rowGap: 14, zonePad: 14, zoneHead: 34,
  labelH: 18, labelGap: 6, labelChar: 6.1, labelPad: 10, labelMax: 56, gapPad: 40, gapMin: 90, legendH: 52, noteH: 36, minWidth: 720,
} as const;

export interface Box { x: number; y: number; w: number; h: number }
export interface Bundle { sources: GraphNode[]; targets: GraphNode[]; edges: GraphEdge[]; label: string; deploy: boolean; failover: boolean }
export interface PlacedZone { zone: GraphZone; box: Box }
export interface PlacedNode { node: GraphNode; box: Box; zone: GraphZone }
export interface PlacedBundle { bundle: Bundle; text: string; label: Box; paths: string[]; zone: GraphZone }
export interface Layout { width: number; height: number; zones: PlacedZone[]; nodes: PlacedNode[]; bundles: PlacedBundle[] }

/** Stars (one source, its targets in one zone with the same ports), then stars with the same targets merged. */
export function bundleEdges(edges: readonly GraphEdge[]): Bundle[] {
  const group = <T>(items: readonly T[], key: (t: T) => string): T[][] => [...groupBy(items, key).values()];
  const flags = (e: GraphEdge): string => `${e.label}\u0000${e.deploy}\u0000${e.failover}`;
  const stars = group(edges, (e) => `${e.from.id}\u0000${e.to.zone}\u0000${flags(e)}`);
  return group(stars, (s) => `${s[0]!.from.zone}\u0000${s.map((e) => e.to.id).join(',')}\u0000${flags(s[0]!)}`).map((ss) => ({
    sources: ss.map((s) => s[0]!.from),
    targets: ss[0]!.map((e) => e.to),
    edges: ss.flat(),
    label: ss[0]![0]!.label,
    deploy: ss[0]![0]!.deploy,
    failover: ss[0]![0]!.failover,
  }));
}

/** Orders each column's nodes by the mean position of their neighbours (barycentre heuristic). */
function orderColumns(g: Graph): GraphNode[][] {
  const cols = g.zones.map((z) => [...z.nodes]);
  const pos = new Map<string, number>();
  const index = (): void => cols.forEach((c) => c.forEach((n, i) => pos.set(n.id, c.length > 1 ? i / (c.length - 1) : 0.5)));
  index();
  // Neighbours of each node, once (not a scan of every edge per node and sweep).
  const neighbours = new Map<GraphNode, GraphNode[]>();
  for (const e of g.edges) {
    for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
      const l = neighbours.get(a);
      if (l) l.push(b);
      else neighbours.set(a, [b]);
    }
  }
  for (let sweep = 0; sweep < 4; sweep++)
    for (const col of cols) {
      const key = new Map(col.map((n) => {
        const nb = (neighbours.get(n) ?? []).map((m) => pos.get(m.id) ?? 0.5);
        return [n.id, nb.length ? nb.reduce((a, b) => a + b, 0) / nb.length : (pos.get(n.id) ?? 0.5)];
      }));
      col.sort((a, b) => key.get(a.id)! - key.get(b.id)! || (pos.get(a.id) ?? 0) - (pos.get(b.id) ?? 0));
      index();
    }
  return cols;
}

const r = (n: number): string => String(Math.round(n * 10) / 10);

/** A cubic segment leaving `a` horizontally in direction `sa` and reaching `b` heading in direction `sb`. */
const segment = (ax: number, ay: number, sa: number, bx: number, by: number, sb: number): string => {
  const dx = Math.max(24, Math.abs(bx - ax) / 2);
  return `M${r(ax)} ${r(ay)} C${r(ax + sa * dx)} ${r(ay)} ${r(bx - sb * dx)} ${r(by)} ${r(bx)} ${r(by)}`;
};

export function layoutGraph(g: Graph): Layout {
  const S = SIZE;
  const cols = orderColumns(g);
  const colOf = new Map(g.zones.flatMap((z, i) => z.nodes.map((n) => [n.id, i] as const)));
  const stackH = (n: number): number => n * S.nodeH + Math.max(0, n - 1) * S.rowGap;
  const innerH = Math.max(S.nodeH, ...cols.map((c) => stackH(c.length)));
  const bundles = bundleEdges(g.edges);
  // The gap right of column k is gap k. A label sits beside its target's column, facing the sources.
  const gapOf = (b: Bundle): number => {
    const [cf, ct] = [colOf.get(b.sources[0]!.id)!, colOf.get(b.targets[0]!.id)!];
    return cf < ct ? ct - 1 : ct;
  };
  const texts = bundles.map((b) => fitText(b.label, S.labelMax));
  const labelW = texts.map((t) => textUnits(t) * S.labelChar + 2 * S.labelPad);
  const gapW = g.zones.map((_, k) => Math.max(S.gapMin, ...bundles.map((b, i) => (gapOf(b) === k ? labelW[i]! + 2 * S.gapPad : 0))));
  const colW = S.nodeW + 2 * S.zonePad;
  const colX: number[] = [];
  let x = S.margin;
  g.zones.forEach((_, k) => {
    colX.push(x);
    x += colW + (k < g.zones.length - 1 || bundles.some((b) => gapOf(b) === k) ? gapW[k]! : 0);
  });
  const nodeTop = S.top + S.zoneHead;
  const nodes = new Map<string, PlacedNode>();
  cols.forEach((col, k) => {
    const y0 = nodeTop + (innerH - stackH(col.length)) / 2;
    col.forEach((n, i) => nodes.set(n.id, { node: n, zone: g.zones[k]!, box: { x: colX[k]! + S.zonePad, y: y0 + i * (S.nodeH + S.rowGap), w: S.nodeW, h: S.nodeH } }));
  });
  const mid = (n: GraphNode): number => nodes.get(n.id)!.box.y + S.nodeH / 2;
  const mean = (ns: readonly GraphNode[]): number => ns.reduce((a, n) => a + mid(n), 0) / ns.length;
  // Pack labels per gap: sorted by the height they want, each pushed down to clear the one above,
  // then the stack lifted back when it overflows the columns, as far as the top allows.
  const labelY = new Map<number, number>();
  for (let k = 0; k < g.zones.length; k++) {
    const items = bundles
      .map((b, i) => ({ i, want: (mean(b.sources) + mean(b.targets)) / 2 - S.labelH / 2 }))
      .filter(({ i }) => gapOf(bundles[i]!) === k)
      .sort((a, b) => a.want - b.want || a.i - b.i);
    const ys: number[] = [];
    let next = nodeTop;
    for (const it of items) {
      const y = Math.max(it.want, next);
      ys.push(y);
      next = y + S.labelH + S.labelGap;
    }
    const overflow = (ys.at(-1) ?? 0) + S.labelH - (nodeTop + innerH);
    const lift = Math.max(0, Math.min(overflow, (ys[0] ?? 0) - nodeTop));
    items.forEach((it, j) => labelY.set(it.i, ys[j]! - lift));
  }
  const bottom = Math.max(nodeTop + innerH, ...[...labelY.values()].map((y) => y + S.labelH)) + S.zonePad;
  const placed = bundles.map((b, i): PlacedBundle => {
    const k = gapOf(b);
    const w = labelW[i]!;
    const label = { x: colX[k]! + colW + (gapW[k]! - w) / 2, y: labelY.get(i)!, w, h: S.labelH };
    const ly = label.y + S.labelH / 2;
    const [cf, ct] = [colOf.get(b.sources[0]!.id)!, colOf.get(b.targets[0]!.id)!];
    const box = (n: GraphNode): Box => nodes.get(n.id)!.box;
    // Forward: sources on the left of the label, targets on its right; backward: mirrored;
    // same zone: both on the left, the bundle loops out into the gap and back.
    const ins = b.sources.map((s) => (cf <= ct ? segment(box(s).x + S.nodeW, mid(s), 1, label.x, ly, 1) : segment(box(s).x, mid(s), -1, label.x + w, ly, -1)));
    const outs = b.targets.map((t) => (cf < ct ? segment(label.x + w, ly, 1, box(t).x, mid(t), 1) : segment(label.x, ly, -1, box(t).x + S.nodeW, mid(t), -1)));
    return { bundle: b, text: texts[i]!, label, paths: [...ins, ...outs.map((p) => `${p}|arrow`)], zone: g.zones[cf]! };
  });
  return {
    width: Math.max(x + S.margin, S.minWidth),
    height: bottom + S.margin + S.legendH + (g.summary ? S.noteH : 0),
    zones: g.zones.map((zone, k) => ({ zone, box: { x: colX[k]!, y: S.top, w: colW, h: bottom - S.top } })),
    nodes: [...nodes.values()],
    bundles: placed,
  };
}
