/**
 * Placing the diagram with ELK (elkjs, in a worker so typing stays smooth): zones are compound
 * nodes. With host edges, one layered layout of everything routes the edges around the boxes;
 * with zone edges, each zone packs its hosts in rows and the zones are layered by their edges.
 * @module
 */
import ELK, { type ElkExtendedEdge } from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { ViewGraph } from './graph.js';
import { curveEdges } from './curves.js';
import { elkGraph, routedByElk, zoneOfBox } from './layout-core.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  /** SVG path data. */
  d: string;
  label?: Box;
}

export interface Placed {
  width: number;
  height: number;
  zones: Map<string, Box>;
  hosts: Map<string, Box>;
  edges: Map<string, PlacedEdge>;
}

let elk: InstanceType<typeof ELK> | undefined;

/** Starts the layout worker and lays out a tiny graph, so that the first real layout is quick. */
export function warmLayout(): void {
  elk ??= new ELK({ workerUrl });
  // The same algorithms as a real diagram, so that their code is compiled before it is needed.
  const h = (id: string) => ({ id, width: 140, height: 46 });
  const warm: ViewGraph = {
    zones: [
      { id: 'z0', name: 'a', index: 0, internet: false, cidrs: [], collapsed: false, internal: 0, hosts: ['h0', 'h1', 'h2'].map((id) => ({ ...h(id), name: id, dim: false, host: { name: id, kind: 'host', zone: 'a', addresses: [], roles: [], transport: [] } })) },
      { id: 'z1', name: 'b', index: 1, internet: false, cidrs: [], collapsed: false, internal: 0, hosts: ['h3', 'h4'].map((id) => ({ ...h(id), name: id, dim: false, host: { name: id, kind: 'host', zone: 'b', addresses: [], roles: [], transport: [] } })) },
    ],
    edges: [
      { id: 'e0', from: 'h0', to: 'h1', both: false, label: 'tcp 443', flows: [], aggregate: false },
      { id: 'e1', from: 'h1', to: 'h2', both: true, label: 'tcp 2500-3300, 6162', flows: [], aggregate: false },
      { id: 'e2', from: 'h0', to: 'h3', both: false, label: 'tcp 443', flows: [], aggregate: false },
    ],
    zoneEdges: false,
    flows: [],
    hostId: new Map(),
    boxOf: new Map(),
    selfFlows: [],
  };
  const e = elk;
  void e
    .layout(elkGraph(warm, true))
    .then(() => e.layout(elkGraph(warm, true)))
    .catch(() => undefined);
}

export async function layoutGraph(g: ViewGraph, labels: boolean, aspect = 1.6): Promise<Placed> {
  elk ??= new ELK({ workerUrl });
  const out = await elk.layout(elkGraph(g, labels, aspect));
  const zones = new Map<string, Box>();
  const hosts = new Map<string, Box>();
  const offset = new Map<string, [number, number]>([['root', [0, 0]]]);
  const elkEdges: (ElkExtendedEdge & { container?: string })[] = [...((out.edges ?? []) as ElkExtendedEdge[])];
  for (const z of out.children ?? []) {
    const zx = z.x ?? 0;
    const zy = z.y ?? 0;
    offset.set(z.id, [zx, zy]);
    zones.set(z.id, { x: zx, y: zy, width: z.width ?? 0, height: z.height ?? 0 });
    for (const h of z.children ?? []) hosts.set(h.id, { x: zx + (h.x ?? 0), y: zy + (h.y ?? 0), width: h.width ?? 0, height: h.height ?? 0 });
    for (const e of (z.edges ?? []) as ElkExtendedEdge[]) elkEdges.push({ ...e, container: (e as { container?: string }).container ?? z.id });
  }
  const edges = new Map<string, PlacedEdge>();
  const labelsTaken: Box[] = [];
  for (const e of elkEdges) {
    const [ox, oy] = offset.get(e.container ?? 'root') ?? [0, 0];
    const points: [number, number][] = [];
    for (const s of e.sections ?? []) {
      points.push([s.startPoint.x + ox, s.startPoint.y + oy]);
      for (const b of s.bendPoints ?? []) points.push([b.x + ox, b.y + oy]);
      points.push([s.endPoint.x + ox, s.endPoint.y + oy]);
    }
    const l = e.labels?.[0];
    const label = l && l.x !== undefined ? { x: l.x + ox, y: (l.y ?? 0) + oy, width: l.width ?? 0, height: l.height ?? 0 } : undefined;
    if (label) labelsTaken.push(label);
    const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    edges.set(e.id, { d, ...(label ? { label } : {}) });
  }
  // Edges between zones: curves between the placed boxes.
  const zoneOf = zoneOfBox(g);
  const boxes = new Map<string, Box>([...hosts, ...[...zones].filter(([id]) => g.zoneEdges || g.zones.find((z) => z.id === id)?.collapsed)]);
  const crossing = g.edges.filter((e) => !routedByElk(g, e, zoneOf));
  for (const [id, c] of curveEdges(crossing, boxes, labels, labelsTaken)) edges.set(id, c);
  return { width: out.width ?? 0, height: out.height ?? 0, zones, hosts, edges };
}
