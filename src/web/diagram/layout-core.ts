/**
 * The ELK graph of a view graph. Zones are compound nodes laid out on their own
 * (SEPARATE_CHILDREN): a zone's hosts are layered by the flows inside it, or packed in rows when
 * there are none; the zones are packed in rows in the file's order. Edges inside a zone are
 * routed by ELK; edges between zones are drawn as curves between the placed boxes (curves.ts),
 * which keeps the picture compact, predictable and quick to lay out.
 * @module
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { VEdge, ViewGraph } from './graph.js';

export const ZONE_HEADER = 40;
export const COLLAPSED = { width: 190, height: 64 };
export const LABEL_H = 16;
export const labelWidth = (s: string): number => Math.ceil(s.length * 6.3 + 10);

/** The zone a box (host or collapsed zone) is in. */
export function zoneOfBox(g: ViewGraph): Map<string, string> {
  const m = new Map<string, string>();
  for (const z of g.zones) {
    m.set(z.id, z.id);
    for (const h of z.hosts) m.set(h.id, z.id);
  }
  return m;
}

/** Edges ELK routes: those inside one expanded zone. */
export function routedByElk(g: ViewGraph, e: VEdge, zoneOf: Map<string, string>): boolean {
  if (g.zoneEdges || e.from.startsWith('z') || e.to.startsWith('z')) return false;
  return zoneOf.get(e.from) === zoneOf.get(e.to);
}

export function elkGraph(g: ViewGraph, labels: boolean, aspect = 1.6): ElkNode {
  const zoneOf = zoneOfBox(g);
  const routed = g.edges.filter((e) => routedByElk(g, e, zoneOf));
  const inner = new Map<string, VEdge[]>();
  for (const e of routed) {
    if (g.zoneEdges) continue;
    const z = zoneOf.get(e.from)!;
    inner.set(z, [...(inner.get(z) ?? []), e]);
  }
  const edgeOf = (e: VEdge): ElkExtendedEdge => ({
    id: e.id,
    sources: [e.from],
    targets: [e.to],
    ...(labels ? { labels: [{ id: `${e.id}l`, text: e.label, width: labelWidth(e.label), height: LABEL_H }] } : {}),
  });
  const children: ElkNode[] = g.zones.map((z) => {
    if (z.collapsed) return { id: z.id, width: COLLAPSED.width, height: COLLAPSED.height };
    const edges = inner.get(z.id) ?? [];
    const minWidth = Math.max(180, z.name.length * 8 + 60, Math.min(320, z.cidrs.join(', ').length * 6.6 + 50));
    return {
      id: z.id,
      layoutOptions: {
        'elk.padding': `[top=${ZONE_HEADER + 10},left=16,bottom=16,right=16]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.round(minWidth)}, ${ZONE_HEADER + 30})`,
        ...(edges.length
          ? {
              'elk.algorithm': 'layered',
              'elk.direction': 'DOWN',
              'elk.edgeRouting': 'ORTHOGONAL',
              'elk.layered.spacing.nodeNodeBetweenLayers': '34',
              'elk.spacing.nodeNode': '18',
              'elk.spacing.edgeLabel': '2',
              'elk.edgeLabels.placement': 'CENTER',
              'elk.layered.crossingMinimization.thoroughness': '7',
            }
          : { 'elk.algorithm': 'rectpacking', 'elk.spacing.nodeNode': '12', 'elk.aspectRatio': z.hosts.length > 12 ? '1.5' : '1.2' }),
      },
      children: z.hosts.map((h) => ({ id: h.id, width: h.width, height: h.height })),
      edges: edges.map(edgeOf),
    };
  });
  return {
    id: 'root',
    layoutOptions: {
      // Zones in the file's order, in rows that fit the view: predictable, and compact.
      'elk.algorithm': 'rectpacking',
      'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
      'elk.aspectRatio': String(Math.min(3, Math.max(0.8, aspect))),
      'elk.spacing.nodeNode': g.zoneEdges ? '70' : '90',
      'elk.padding': '[top=24,left=24,bottom=24,right=24]',
    },
    children,
  };
}
