/**
 * Mermaid: a `flowchart LR` with one `subgraph` per zone, a node per host, and one link per host
 * pair labelled with its ports, for Markdown files and wikis that render Mermaid (GitHub, GitLab).
 * Syntax: Mermaid "Flowcharts - Basic Syntax" (https://mermaid.js.org/syntax/flowchart.html):
 * nodes with quoted text, links with text (`-->|text|`), subgraphs, `linkStyle`, `style`,
 * `classDef`, comments (`%%`), and the warnings about the word `end` and ids starting with `o` or
 * `x` (every id here starts with `h_` or `z_`).
 * @module
 */
import type { Policy } from '../../policy/types.js';
import { headerLines } from '../_shared/header.js';
import { documentPath } from '../csv/render.js';
import { documentRules } from '../csv/rows.js';
import { buildGraph, summaryDiagnostic } from '../svg/graph.js';
import { PALETTE } from '../svg/render.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { mmdComment, mmdLabel } from './quote.js';

const INTERNET = ['#f5f5f5', '#718096'] as const;
/** The note node of a summarised diagram (host ids start with `h_`, zone ids with `z_`/`zn_`). */
const NOTE = 'n_summary';

export function renderMermaid(policy: Policy, opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = documentRules(policy, opts, 'mermaid');
  const g = buildGraph(policy, rules);
  const colours = new Map(g.zones.map((z) => [z.name, z.internet ? INTERNET : PALETTE[z.index % PALETTE.length]!]));
  const out = [...headerLines(policy, 'mermaid').map((l) => `%% ${mmdComment(l)}`), 'flowchart LR'];
  for (const z of g.zones) {
    out.push(`  subgraph ${z.id}[${mmdLabel([z.name])}]`);
    for (const n of z.nodes) out.push(`    ${n.id}[${mmdLabel([n.name, n.roles.join(', '), n.addresses.join(', ')].filter(Boolean))}]`);
    out.push('  end');
  }
  if (g.summary) out.push(`  ${NOTE}[${mmdLabel([g.summary.note, `Full diagram: ${g.summary.hint}`])}]`);
  const styles = new Map<string, number[]>();
  g.edges.forEach((e, i) => {
    out.push(`  ${e.from.id} -->|${mmdLabel([e.label])}| ${e.to.id}`);
    const style = `stroke:${colours.get(e.from.zone)![1]}${e.deploy ? ',stroke-dasharray:6 4' : e.failover ? ',stroke-dasharray:2 3' : ''}`;
    const l = styles.get(style);
    if (l) l.push(i);
    else styles.set(style, [i]);
  });
  for (const z of g.zones) {
    const [bg, line] = colours.get(z.name)!;
    out.push(`  style ${z.id} fill:${bg},stroke:${line},color:${line}${z.internet ? ',stroke-dasharray:6 4' : ''}`);
  }
  if (g.summary) out.push(`  style ${NOTE} fill:#fffbea,stroke:#b7791f,color:#1a202c,stroke-dasharray:4 3`);
  for (const [style, idx] of [...styles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(`  linkStyle ${idx.join(',')} ${style}`);
  const focus = g.zones.flatMap((z) => z.nodes).filter((n) => n.focus);
  if (focus.length) out.push('  classDef focus stroke-width:3px', `  class ${focus.map((n) => n.id).join(',')} focus`);
  out.push('');
  return { files: [{ path: documentPath(policy, 'mmd'), content: out.join('\n') }], diagnostics: [...diagnostics, ...summaryDiagnostic(g, 'mermaid')] };
}
