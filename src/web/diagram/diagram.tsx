/**
 * The diagram: zones as regions, hosts as boxes, flows as edges labelled with protocol and ports.
 * Click (or Enter on) a host or an edge to see its flows; drag to pan, wheel or +/- to zoom.
 * @module
 */
import { memo } from 'preact/compat';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { VEdge, ViewGraph } from './graph.js';
import { layoutGraph, type Placed } from './layout.js';
import { EDGE_ACTIVE, EDGE_COLOUR, roleKind, ROLE_KIND_COLOUR, STATUS_COLOUR, zoneColour } from './style.js';
import { subtitle } from './graph.js';
import { plural, truncate } from '../format.js';

export type Selection = { kind: 'host'; name: string } | { kind: 'edge'; id: string; edge: VEdge } | { kind: 'zone'; name: string } | null;

interface Props {
  graph: ViewGraph;
  labels: boolean;
  selection: Selection;
  onSelect: (s: Selection) => void;
  onToggleZone: (zone: string) => void;
  onToggleAll: () => void;
  anyCollapsed: boolean;
  /** The diagram is on screen (a hidden one cannot be fitted). */
  active: boolean;
  /** Called once a layout is drawn, with the time it took (ms). */
  onDrawn?: (ms: number) => void;
}

/** With more edges than this, only the labels of the selection are shown (until you zoom in). */
const LABELS_DENSE = 30;

/** Below this zoom, edge labels (10px) would be smaller than about 7px. */
const LABEL_MIN_SCALE = 0.72;

interface View {
  k: number;
  x: number;
  y: number;
}

export function Diagram({ graph, labels, selection, onSelect, onToggleZone, onToggleAll, anyCollapsed, active, onDrawn }: Props) {
  const [placed, setPlaced] = useState<{ graph: ViewGraph; placed: Placed } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const svg = useRef<SVGSVGElement>(null);
  const layer = useRef<SVGGElement>(null);
  const view = useRef<View>({ k: 1, x: 0, y: 0 });
  const fitKey = useRef('');
  const fitPending = useRef(false);
  const seq = useRef(0);

  useLayoutEffect(() => {
    const n = ++seq.current;
    const t0 = performance.now();
    performance.mark('vbrwall:layout');
    setBusy(true);
    layoutGraph(graph, labels, aspectOf(svg.current))
      .then((p) => {
        if (n !== seq.current) return;
        setPlaced({ graph, placed: p });
        setError(null);
        setBusy(false);
        onDrawn?.(performance.now() - t0);
      })
      .catch((e: Error) => {
        if (n !== seq.current) return;
        setError(e.message);
        setBusy(false);
      });
  }, [graph, labels]);

  const apply = () => {
    const v = view.current;
    layer.current?.setAttribute('transform', `translate(${v.x.toFixed(1)},${v.y.toFixed(1)}) scale(${v.k.toFixed(4)})`);
    // Labels too small to read are left out until you zoom in (those of the selection stay).
    svg.current?.classList.toggle('far', v.k < LABEL_MIN_SCALE);
    svg.current?.classList.toggle('near', v.k >= 1.4);
  };

  const fit = () => {
    const el = svg.current;
    if (!el || !placed) return;
    const { width, height } = el.getBoundingClientRect();
    if (!width || !height) {
      fitPending.current = true;
      return;
    }
    fitPending.current = false;
    const p = placed.placed;
    const k = Math.min(1.2, Math.max(0.05, Math.min(width / (p.width + 20), height / (p.height + 20))));
    view.current = { k, x: (width - p.width * k) / 2, y: Math.max(8, (height - p.height * k) / 2) };
    apply();
  };

  const zoom = (factor: number, cx?: number, cy?: number) => {
    const el = svg.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const mx = cx ?? r.width / 2;
    const my = cy ?? r.height / 2;
    const v = view.current;
    const k = Math.min(4, Math.max(0.04, v.k * factor));
    view.current = { k, x: mx - ((mx - v.x) * k) / v.k, y: my - ((my - v.y) * k) / v.k };
    apply();
  };

  // Fit when what is drawn changes (not when only a selection or a label does).
  useLayoutEffect(() => {
    if (!placed) return;
    const key = placed.graph.zones.map((z) => `${z.id}:${z.collapsed ? 'c' : z.hosts.length}`).join(',') + `|${placed.graph.zoneEdges}`;
    if (key !== fitKey.current) {
      fitKey.current = key;
      fit();
    } else apply();
    const el = svg.current;
    performance.mark('vbrwall:drawn');
    if (el) el.dataset.drawnAt = String(Math.round(performance.now()));
  }, [placed]);

  useLayoutEffect(() => {
    if (active && fitPending.current) fit();
  }, [active]);

  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      zoom(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - r.left, e.clientY - r.top);
    };
    el.addEventListener('wheel', wheel, { passive: false });
    return () => el.removeEventListener('wheel', wheel);
  }, []);

  const drag = useRef<{ x: number; y: number; vx: number; vy: number; moved: boolean } | null>(null);
  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    if ((e.target as Element).closest('[data-host],[data-edge],[data-zone-toggle],[data-collapsed-zone]')) return;
    drag.current = { x: e.clientX, y: e.clientY, vx: view.current.x, vy: view.current.y, moved: false };
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
    view.current = { ...view.current, x: d.vx + dx, y: d.vy + dy };
    apply();
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved) onSelect(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.target as Element) !== e.currentTarget) return;
    const step = 60;
    const v = view.current;
    const keys: Record<string, () => void> = {
      '+': () => zoom(1.25),
      '=': () => zoom(1.25),
      '-': () => zoom(0.8),
      '0': fit,
      ArrowLeft: () => ((view.current = { ...v, x: v.x + step }), apply()),
      ArrowRight: () => ((view.current = { ...v, x: v.x - step }), apply()),
      ArrowUp: () => ((view.current = { ...v, y: v.y + step }), apply()),
      ArrowDown: () => ((view.current = { ...v, y: v.y - step }), apply()),
      Escape: () => onSelect(null),
    };
    const f = keys[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  const hosts = graph.zones.reduce((n, z) => n + z.hosts.length, 0);
  return (
    <div class="diagram-wrap">
      <div class="diagram-tools" role="toolbar" aria-label="Zoom and zones">
        <button type="button" onClick={onToggleAll} title="Collapse or expand every zone">
          {anyCollapsed ? 'Expand zones' : 'Collapse zones'}
        </button>
        <button type="button" onClick={() => zoom(1.25)} aria-label="Zoom in" title="Zoom in (+)">+</button>
        <button type="button" onClick={() => zoom(0.8)} aria-label="Zoom out" title="Zoom out (−)">−</button>
        <button type="button" onClick={fit} aria-label="Fit to view" title="Fit (0)">Fit</button>
      </div>
      {busy && <div class="diagram-busy" role="status">Laying out {plural(hosts, 'host')}…</div>}
      {error && <div class="diagram-error" role="alert">The diagram could not be laid out: {error}</div>}
      <svg
        ref={svg}
        class="diagram"
        role="group"
        aria-label={`Diagram: ${plural(graph.zones.length, 'zone')}, ${plural(hosts, 'host')}, ${plural(graph.edges.length, 'edge')}. Arrow keys pan, + and − zoom, 0 fits.`}
        tabindex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
        data-zone-edges={graph.zoneEdges ? '1' : '0'}
      >
        <defs>
          {(['default', 'active', 'allowed', 'partial', 'blocked'] as const).map((k) => (
            <marker id={`arrow-${k}`} key={k} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,1 L10,5 L0,9 z" fill={k === 'default' ? EDGE_COLOUR : k === 'active' ? EDGE_ACTIVE : STATUS_COLOUR[k]} />
            </marker>
          ))}
        </defs>
        <g ref={layer}>{placed && <Scene graph={placed.graph} placed={placed.placed} labels={labels} selection={selection} onSelect={onSelect} onToggleZone={onToggleZone} />}</g>
      </svg>
    </div>
  );
}

interface SceneProps {
  graph: ViewGraph;
  placed: Placed;
  labels: boolean;
  selection: Selection;
  onSelect: (s: Selection) => void;
  onToggleZone: (zone: string) => void;
}

const activate = (f: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    f();
  }
};

const Scene = memo(function Scene({ graph, placed, labels, selection, onSelect, onToggleZone }: SceneProps) {
  const selectedBox = selection?.kind === 'host' ? graph.boxOf.get(selection.name) : undefined;
  const selectedEdge = selection?.kind === 'edge' ? selection.id : undefined;
  const zoneSel = selection?.kind === 'zone' ? selection.name : undefined;
  const focusEdges = graph.edges.length <= 400;

  // With zone edges, a selected host's own flows are drawn straight to their other ends.
  const overlay = useMemo(() => {
    if (!graph.zoneEdges || selection?.kind !== 'host') return [];
    const me = graph.boxOf.get(selection.name);
    const a = me ? placed.hosts.get(me) ?? placed.zones.get(me) : undefined;
    if (!a) return [];
    const seen = new Set<string>();
    const lines: { key: string; x1: number; y1: number; x2: number; y2: number; out: boolean }[] = [];
    for (const f of graph.flows) {
      const other = f.from === selection.name ? f.to : f.to === selection.name ? f.from : undefined;
      if (!other || other === selection.name) continue;
      const ob = graph.boxOf.get(other);
      const b = ob ? placed.hosts.get(ob) ?? placed.zones.get(ob) : undefined;
      if (!b || seen.has(`${other}:${f.from === selection.name}`)) continue;
      seen.add(`${other}:${f.from === selection.name}`);
      if (lines.length > 400) break;
      lines.push({ key: `${other}:${f.from === selection.name}`, x1: a.x + a.width / 2, y1: a.y + a.height / 2, x2: b.x + b.width / 2, y2: b.y + b.height / 2, out: f.from === selection.name });
    }
    return lines;
  }, [graph, placed, selection]);

  const touching = (e: VEdge) => selectedBox !== undefined && (e.from === selectedBox || e.to === selectedBox);
  const dimEdges = selectedBox !== undefined || selectedEdge !== undefined;

  return (
    <g class="scene">
      {graph.zones.map((z) => {
        const b = placed.zones.get(z.id);
        if (!b) return null;
        const c = zoneColour(z.index, z.internet);
        const caption = z.internet ? 'internet · any other address' : truncate(z.cidrs.join(', '), Math.max(18, Math.floor(b.width / 6.6) - 4));
        const toggle = () => onToggleZone(z.name);
        return (
          <g class={`zone${zoneSel === z.name ? ' selected' : ''}`} data-zone={z.name} key={z.id} transform={`translate(${b.x},${b.y})`}>
            <rect class="zone-box" width={b.width} height={b.height} rx="10" fill={c.fill} stroke={c.stroke} stroke-width={zoneSel === z.name ? 2.5 : 1.2} />
            <g
              class="zone-toggle"
              data-zone-toggle={z.name}
              role="button"
              tabindex={0}
              aria-label={`${z.collapsed ? 'Expand' : 'Collapse'} zone ${z.name}`}
              aria-expanded={!z.collapsed}
              onClick={toggle}
              onKeyDown={activate(toggle)}
            >
              <rect x="8" y="8" width="20" height="20" rx="4" fill="#fff" stroke={c.stroke} />
              <path d={z.collapsed ? 'M15,13 L21,18 L15,23' : 'M13,15 L18,21 L23,15'} fill="none" stroke={c.text} stroke-width="1.8" />
            </g>
            <text x="36" y="22" class="zone-name" fill={c.text}>
              {z.name}
            </text>
            <text x="36" y="36" class="zone-sub" fill={c.text}>
              {z.collapsed ? `${plural(z.hosts.length, 'host')} · collapsed` : caption}
              {z.internal > 0 ? ` · ${plural(z.internal, 'flow')} inside` : ''}
            </text>
            {z.collapsed && (
              <rect
                class="zone-hit"
                data-collapsed-zone={z.name}
                x="0"
                y="0"
                width={b.width}
                height={b.height}
                fill="transparent"
                onClick={() => onSelect({ kind: 'zone', name: z.name })}
              />
            )}
          </g>
        );
      })}
      <g class="edges">
        {graph.edges.map((e) => {
          const pe = placed.edges.get(e.id);
          if (!pe) return null;
          const on = e.id === selectedEdge || touching(e);
          const colour = e.status ? STATUS_COLOUR[e.status] : on ? EDGE_ACTIVE : EDGE_COLOUR;
          const marker = e.status ?? (on ? 'active' : 'default');
          const select = () => onSelect({ kind: 'edge', id: e.id, edge: e });
          return (
            <g
              class={`edge${on ? ' on' : dimEdges ? ' dim' : ''}${e.status ? ` status-${e.status}` : ''}`}
              key={e.id}
              data-edge={e.id}
              data-from={e.from}
              data-to={e.to}
              data-status={e.status ?? ''}
              data-names={`${edgeEnd(graph, e.from)}${e.both ? '<>' : '>'}${edgeEnd(graph, e.to)}`}
              {...(focusEdges ? { tabindex: 0, role: 'button', 'aria-label': `${edgeEnd(graph, e.from)} ${e.both ? 'and' : 'to'} ${edgeEnd(graph, e.to)}: ${e.label}${e.status ? `, ${e.status}` : ''}` } : {})}
              onClick={select}
              onKeyDown={activate(select)}
            >
              <path class="edge-hit" d={pe.d} fill="none" stroke="transparent" stroke-width="10" />
              <path
                class="edge-line"
                d={pe.d}
                fill="none"
                stroke={colour}
                stroke-width={on ? 2.2 : e.aggregate ? 1.8 : 1.3}
                stroke-dasharray={e.status === 'blocked' ? '6 4' : e.status === 'partial' ? '3 3' : undefined}
                marker-end={`url(#arrow-${marker})`}
                marker-start={e.both ? `url(#arrow-${marker})` : undefined}
              />
            </g>
          );
        })}
      </g>
      {overlay.length > 0 && (
        <g class="overlay" aria-hidden="true">
          {overlay.map((l) => (
            <line key={l.key} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke={EDGE_ACTIVE} stroke-opacity="0.55" stroke-width="1.2" marker-end={l.out ? 'url(#arrow-active)' : undefined} />
          ))}
        </g>
      )}
      {graph.zones.flatMap((z) =>
        z.collapsed
          ? []
          : z.hosts.map((h) => {
              const b = placed.hosts.get(h.id);
              if (!b) return null;
              const kind = roleKind(h.host.roles);
              const sel = selection?.kind === 'host' && selection.name === h.name;
              const select = () => onSelect({ kind: 'host', name: h.name });
              const roles = h.host.roles.join(', ');
              const maxChars = Math.floor((b.width - 20) / 6.2);
              return (
                <g
                  class={`host${sel ? ' selected' : ''}${h.dim ? ' dim' : ''}`}
                  key={h.id}
                  data-host={h.name}
                  data-zone-of={z.name}
                  transform={`translate(${b.x},${b.y})`}
                  role="button"
                  tabindex={0}
                  aria-label={`Host ${h.name}, ${roles}${subtitle(h.host) ? `, ${subtitle(h.host)}` : ''}, zone ${z.name}`}
                  aria-pressed={sel}
                  onClick={select}
                  onKeyDown={activate(select)}
                >
                  <title>{`${h.name}\n${roles}\n${[...h.host.addresses, h.host.fqdn ?? ''].filter(Boolean).join(', ')}`}</title>
                  <rect class="host-box" width={b.width} height={b.height} rx="6" fill="#fff" stroke={sel ? EDGE_ACTIVE : '#8c959f'} stroke-width={sel ? 2.4 : 1} />
                  <rect width="5" height={b.height} rx="2" fill={ROLE_KIND_COLOUR[kind]} />
                  <text x="13" y="18" class="host-name">
                    {truncate(h.name, maxChars)}
                  </text>
                  <text x="13" y="34" class="host-sub">
                    {truncate(`${h.host.roles[0] ?? ''}${h.host.roles.length > 1 ? ` +${h.host.roles.length - 1}` : ''} · ${subtitle(h.host) || h.host.kind}`, maxChars + 4)}
                  </text>
                </g>
              );
            }),
      )}
      {labels && (
        <g class={`edge-labels${graph.edges.length > LABELS_DENSE ? ' dense' : ''}`} aria-hidden="true">
          {graph.edges.map((e) => {
            const l = placed.edges.get(e.id)?.label;
            if (!l) return null;
            const on = e.id === selectedEdge || touching(e);
            return (
              <g key={e.id} class={`edge-label${on ? ' on' : dimEdges ? ' dim' : ''}`} transform={`translate(${l.x},${l.y})`} onClick={() => onSelect({ kind: 'edge', id: e.id, edge: e })}>
                <rect width={l.width} height={l.height} rx="3" fill="#fff" stroke={e.status ? STATUS_COLOUR[e.status] : on ? EDGE_ACTIVE : '#d0d7de'} />
                <text x={l.width / 2} y={l.height - 4.5} text-anchor="middle">
                  {e.label}
                </text>
              </g>
            );
          })}
        </g>
      )}
    </g>
  );
});

/** The shape of the drawing area, so that zones are packed in rows that fit it. */
function aspectOf(el: SVGSVGElement | null): number {
  const r = el?.getBoundingClientRect();
  return r && r.width > 0 && r.height > 0 ? r.width / r.height : 1.6;
}

function edgeEnd(g: ViewGraph, id: string): string {
  if (id.startsWith('z')) return `zone ${g.zones.find((z) => z.id === id)?.name ?? id}`;
  for (const z of g.zones) for (const h of z.hosts) if (h.id === id) return h.name;
  return id;
}

