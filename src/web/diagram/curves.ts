/**
 * Edges between zones, drawn once ELK has placed the boxes: each leaves its box on the side that
 * faces the other end, ends spread along that side, as a cubic curve; its label sits on the curve
 * where it overlaps no other label (or as near the middle as it can).
 * @module
 */
import type { VEdge } from './graph.js';
import { LABEL_H, labelWidth } from './layout-core.js';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

type Side = 'left' | 'right' | 'top' | 'bottom';

export interface Curve {
  /** SVG path data. */
  d: string;
  label?: Rect;
}

const NORMAL: Record<Side, [number, number]> = { left: [-1, 0], right: [1, 0], top: [0, -1], bottom: [0, 1] };

function sideFacing(a: Rect, b: Rect): Side {
  const dx = b.x + b.width / 2 - (a.x + a.width / 2);
  const dy = b.y + b.height / 2 - (a.y + a.height / 2);
  // Prefer left/right: boxes are wider than tall, and labels read better on horizontal runs.
  if (Math.abs(dx) * 0.8 > Math.abs(dy) - (a.height + b.height) / 2) return dx >= 0 ? 'right' : 'left';
  return dy >= 0 ? 'bottom' : 'top';
}

function cubic(p: [number, number][], t: number): [number, number] {
  const u = 1 - t;
  const [a, b, c, d] = p as [[number, number], [number, number], [number, number], [number, number]];
  return [u * u * u * a[0] + 3 * u * u * t * b[0] + 3 * u * t * t * c[0] + t * t * t * d[0], u * u * u * a[1] + 3 * u * u * t * b[1] + 3 * u * t * t * c[1] + t * t * t * d[1]];
}

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Curves for `edges`, whose ends are boxes in `boxes`; `taken` are labels already placed. */
export function curveEdges(edges: readonly VEdge[], boxes: ReadonlyMap<string, Rect>, labels: boolean, taken: Rect[] = []): Map<string, Curve> {
  // Ends per box side, to spread them along the side in the order of the other ends.
  type End = { edge: VEdge; box: string; side: Side; other: Rect; slot?: number };
  const ends: End[] = [];
  for (const e of edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    ends.push({ edge: e, box: e.from, side: sideFacing(a, b), other: b }, { edge: e, box: e.to, side: sideFacing(b, a), other: a });
  }
  const bySide = new Map<string, End[]>();
  for (const end of ends) {
    const k = `${end.box}:${end.side}`;
    bySide.set(k, [...(bySide.get(k) ?? []), end]);
  }
  const pos = new Map<End, [number, number]>();
  for (const [k, list] of bySide) {
    const box = boxes.get(k.slice(0, k.lastIndexOf(':')))!;
    const side = list[0]!.side;
    const horizontal = side === 'top' || side === 'bottom';
    list.sort((p, q) => (horizontal ? p.other.x + p.other.width / 2 - (q.other.x + q.other.width / 2) : p.other.y + p.other.height / 2 - (q.other.y + q.other.height / 2)));
    list.forEach((end, i) => {
      const f = (i + 1) / (list.length + 1);
      const x = side === 'left' ? box.x : side === 'right' ? box.x + box.width : box.x + box.width * (0.15 + 0.7 * f);
      const y = side === 'top' ? box.y : side === 'bottom' ? box.y + box.height : box.y + box.height * (0.2 + 0.6 * f);
      pos.set(end, [x, y]);
    });
  }
  const out = new Map<string, Curve>();
  const grid = [...taken];
  for (let i = 0; i < ends.length; i += 2) {
    const s = ends[i]!;
    const t = ends[i + 1]!;
    const p0 = pos.get(s)!;
    const p3 = pos.get(t)!;
    const dist = Math.hypot(p3[0] - p0[0], p3[1] - p0[1]);
    const k = Math.min(160, Math.max(30, dist / 2.6));
    const [n0x, n0y] = NORMAL[s.side];
    const [n3x, n3y] = NORMAL[t.side];
    const pts: [number, number][] = [p0, [p0[0] + n0x * k, p0[1] + n0y * k], [p3[0] + n3x * k, p3[1] + n3y * k], p3];
    const d = `M${pts[0]![0].toFixed(1)},${pts[0]![1].toFixed(1)} C${pts
      .slice(1)
      .map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`)
      .join(' ')}`;
    let label: Rect | undefined;
    if (labels) {
      const w = labelWidth(s.edge.label);
      let best: Rect | undefined;
      for (const tt of [0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73]) {
        const [cx, cy] = cubic(pts, tt);
        const r = { x: cx - w / 2, y: cy - LABEL_H / 2, width: w, height: LABEL_H };
        best ??= r;
        if (!grid.some((g) => overlaps(g, r))) {
          best = r;
          break;
        }
      }
      label = best!;
      grid.push(label);
    }
    out.set(s.edge.id, { d, ...(label ? { label } : {}) });
  }
  return out;
}
