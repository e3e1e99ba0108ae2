/**
 * SVG: the zone diagram drawn without a browser or Graphviz: zones as columns, hosts as boxes
 * inside them, one arrow per host pair labelled with its ports (layout.ts). Presentation
 * attributes only (no <style>, no script, no external reference), so the file shows the same in a
 * browser, an image viewer, and inline in the html report.
 * Syntax: W3C "Scalable Vector Graphics (SVG) 1.1 (Second Edition)": §8.3 path data, §10 text,
 * §11.6 markers, §5.4 title and desc; XML 1.0 escaping (quote.ts).
 * @module
 */
import type { Policy } from '../../policy/types.js';
import { documentPath } from '../csv/render.js';
import { documentRules, type DirectedRule } from '../csv/rows.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { buildGraph, summaryDiagnostic, type Graph } from './graph.js';
import { layoutGraph, SIZE } from './layout.js';
import { fitText, svgText } from './quote.js';

/** Zone colours, by the zone's place in the deployment: [background, line]. */
export const PALETTE: readonly (readonly [string, string])[] = [
  ['#eef4fb', '#2f6db5'], ['#edf7f0', '#2f855a'], ['#fdf6e8', '#b7791f'], ['#f4effa', '#6b46c1'],
  ['#eaf6f7', '#2c7a7b'], ['#fcefee', '#c53030'], ['#f1f3f6', '#4a5568'], ['#fff1f7', '#b83280'],
];
const colour = (index: number): readonly [string, string] => PALETTE[index % PALETTE.length]!;
const INTERNET: readonly [string, string] = ['#f5f5f5', '#718096'];
const FONT = "'Segoe UI', Helvetica, Arial, sans-serif";
const MONO = "'DejaVu Sans Mono', Consolas, Menlo, monospace";

const n = (v: number): string => String(Math.round(v * 10) / 10);

/** The diagram as an `<svg>` element (no XML declaration), for a file or for inline HTML. */
export function svgElement(policy: Policy, rules: readonly DirectedRule[], g: Graph = buildGraph(policy, rules)): string {
  const L = layoutGraph(g);
  const zoneColour = (z: { index: number; internet: boolean }): readonly [string, string] => (z.internet ? INTERNET : colour(z.index));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(L.width)}" height="${n(L.height)}" viewBox="0 0 ${n(L.width)} ${n(L.height)}" font-family="${FONT}" role="img" aria-labelledby="vbrwall-diagram-title">`,
    `<title id="vbrwall-diagram-title">${svgText(`${g.title}: ${g.subtitle}`)}</title>`,
    '<defs>',
    ...[...new Set(L.bundles.map((e) => zoneColour(e.zone)[1]))].sort().map((c) => `<marker id="vbrwall-arrow-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${c}"/></marker>`),
    '</defs>',
    `<rect width="${n(L.width)}" height="${n(L.height)}" fill="#ffffff"/>`,
    `<text x="${SIZE.margin}" y="32" font-size="18" font-weight="600" fill="#1a202c">${svgText(fitText(g.title, 90))}</text>`,
    `<text x="${SIZE.margin}" y="52" font-size="12" fill="#4a5568">${svgText(g.subtitle)}</text>`,
  ];
  for (const { zone, box } of L.zones) {
    const [bg, line] = zoneColour(zone);
    out.push(
      `<g><title>${svgText(`zone ${zone.name}`)}</title><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" rx="10" fill="${bg}" stroke="${line}" stroke-width="1.2"${zone.internet ? ' stroke-dasharray="6 4"' : ''}/>`,
      `<text x="${n(box.x + box.w / 2)}" y="${n(box.y + 22)}" text-anchor="middle" font-size="13" font-weight="600" fill="${line}">${svgText(fitText(zone.name, 28))}</text></g>`,
    );
  }
  for (const p of L.bundles) {
    const c = zoneColour(p.zone)[1];
    const b = p.bundle;
    const dash = b.deploy ? ' stroke-dasharray="7 4"' : b.failover ? ' stroke-dasharray="2 3"' : '';
    const pairs = b.edges.map((e) => `${e.from.name} → ${e.to.name}`).join('; ');
    out.push(`<g><title>${svgText(`${b.label}: ${pairs}`)}</title>`);
    for (const path of p.paths) {
      const [d, arrow] = path.split('|');
      out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="1.3" stroke-opacity="0.75"${dash}${arrow ? ` marker-end="url(#vbrwall-arrow-${c.slice(1)})"` : ''}/>`);
    }
    out.push('</g>');
  }
  // Labels over every line, so no line runs through a label.
  for (const p of L.bundles) {
    const c = zoneColour(p.zone)[1];
    const x = p.label;
    out.push(
      `<g><title>${svgText(`${p.bundle.label}: ${p.bundle.edges.map((e) => `${e.from.name} → ${e.to.name}`).join('; ')}`)}</title>`,
      `<rect x="${n(x.x)}" y="${n(x.y)}" width="${n(x.w)}" height="${n(x.h)}" rx="4" fill="#ffffff" stroke="${c}" stroke-width="0.8"/>`,
      `<text x="${n(x.x + x.w / 2)}" y="${n(x.y + 12.5)}" text-anchor="middle" font-family="${MONO}" font-size="10" fill="#1a202c">${svgText(p.text)}</text></g>`,
    );
  }
  for (const { node, box, zone } of L.nodes) {
    const line = zoneColour(zone)[1];
    const cx = n(box.x + 10);
    out.push(
      `<g><title>${svgText(`${node.name}${node.roles.length ? ` (${node.roles.join(', ')})` : ''}: ${node.addresses.join(', ')}`)}</title>`,
      `<rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.w)}" height="${n(box.h)}" rx="6" fill="#ffffff" stroke="${line}" stroke-width="${node.focus ? 2.6 : 1}"/>`,
      `<text x="${cx}" y="${n(box.y + 17)}" font-size="12.5" font-weight="600" fill="#1a202c">${svgText(fitText(node.name, 24))}</text>`,
      `<text x="${cx}" y="${n(box.y + 31)}" font-size="10" fill="#4a5568">${svgText(fitText(node.roles.join(', ') || '—', 32))}</text>`,
      `<text x="${cx}" y="${n(box.y + 44)}" font-family="${MONO}" font-size="9.5" fill="#4a5568">${svgText(fitText(node.addresses.join(', '), 30))}</text></g>`,
    );
  }
  const ly = L.height - SIZE.margin - 24 - (g.summary ? SIZE.noteH : 0);
  const legend: [string, string][] = [['', 'operate'], ['7 4', 'deploy phase only'], ['2 3', 'failover ports only']];
  legend.forEach(([dash, text], i) => {
    const lx = SIZE.margin + i * 170;
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 34}" y2="${ly - 4}" stroke="#4a5568" stroke-width="1.3"${dash ? ` stroke-dasharray="${dash}"` : ''}/><text x="${lx + 42}" y="${ly}" font-size="11" fill="#4a5568">${text}</text>`);
  });
  out.push(`<text x="${SIZE.margin}" y="${ly + 20}" font-size="11" fill="#4a5568">Ports: * failover only, † deploy phase only. Arrows point from client to server; return traffic is stateful.</text>`);
  if (g.summary)
    out.push(
      `<text x="${SIZE.margin}" y="${ly + 40}" font-size="11" font-weight="600" fill="#b7791f">${svgText(g.summary.note)}</text>`,
      `<text x="${SIZE.margin}" y="${ly + 56}" font-size="11" fill="#b7791f">${svgText(`Full diagram: ${g.summary.hint}`)}</text>`,
    );
  out.push('</svg>');
  return out.join('\n');
}

export function renderSvg(policy: Policy, opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = documentRules(policy, opts, 'svg');
  const g = buildGraph(policy, rules);
  return { files: [{ path: documentPath(policy, 'svg'), content: `<?xml version="1.0" encoding="UTF-8"?>\n${svgElement(policy, rules, g)}\n` }], diagnostics: [...diagnostics, ...summaryDiagnostic(g, 'svg')] };
}
