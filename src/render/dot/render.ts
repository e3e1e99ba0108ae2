/**
 * Graphviz DOT: a `digraph` with one `cluster` subgraph per zone, a node per host, and one edge
 * per host pair labelled with its ports. `dot -Tsvg` (or -Tpng, -Tpdf) lays it out.
 * Syntax: Graphviz "DOT Language" (https://graphviz.org/doc/info/lang.html): graph, subgraph,
 * node and edge statements, quoted IDs; "Attributes" (rankdir, style, tooltip) and attribute type
 * "escString" (https://graphviz.org/docs/attr-types/escString/); clusters are subgraphs whose
 * name begins with `cluster`.
 * @module
 */
import type { Policy } from '../../policy/types.js';
import { headerLines } from '../_shared/header.js';
import { documentPath } from '../csv/render.js';
import { documentRules } from '../csv/rows.js';
import { buildGraph, summaryDiagnostic } from '../svg/graph.js';
import { PALETTE } from '../svg/render.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { dotComment, dotLines, dotString } from './quote.js';

const FONT = 'Helvetica,Arial,sans-serif';
const INTERNET = ['#f5f5f5', '#718096'] as const;

export function renderDot(policy: Policy, opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = documentRules(policy, opts, 'dot');
  const g = buildGraph(policy, rules);
  const colours = new Map(g.zones.map((z) => [z.name, z.internet ? INTERNET : PALETTE[z.index % PALETTE.length]!]));
  const out = [
    ...headerLines(policy, 'dot').map((l) => `// ${dotComment(l)}`),
    '// Lay out with: dot -Tsvg -o zones.svg THIS_FILE',
    'digraph vbrwall {',
    `  graph [rankdir=LR, charset="UTF-8", fontname="${FONT}", fontsize=14, labelloc=t, labeljust=l, label=${dotLines([g.title, g.subtitle, ...(g.summary ? [g.summary.note, `Full diagram: ${g.summary.hint}`] : [])])}, nodesep=0.25, ranksep=1.4, newrank=true];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="${FONT}", fontsize=10, margin="0.15,0.06"];`,
    `  edge [fontname="${FONT}", fontsize=9, arrowsize=0.7];`,
  ];
  for (const z of g.zones) {
    const [bg, line] = colours.get(z.name)!;
    out.push(
      '',
      `  subgraph ${dotString(`cluster_${z.id}`)} {`,
      `    label=${dotString(z.name)}; tooltip=${dotString(`zone ${z.name}`)}; style="rounded,filled${z.internet ? ',dashed' : ''}"; fillcolor="${bg}"; color="${line}"; fontcolor="${line}";`,
    );
    for (const n of z.nodes)
      out.push(`    ${dotString(n.id)} [label=${dotLines([n.name, n.roles.join(', '), n.addresses.join(', ')].filter(Boolean))}, color="${line}"${n.focus ? ', penwidth=2.5' : ''}, tooltip=${dotString(n.name)}];`);
    out.push('  }');
  }
  out.push('');
  for (const e of g.edges) {
    const line = colours.get(e.from.zone)![1];
    const style = e.deploy ? ', style=dashed' : e.failover ? ', style=dotted' : '';
    out.push(`  ${dotString(e.from.id)} -> ${dotString(e.to.id)} [label=${dotString(e.label)}, color="${line}"${style}, tooltip=${dotString(`${e.from.name} -> ${e.to.name}: ${e.rules.join(', ')}`)}];`);
  }
  out.push('}', '');
  return { files: [{ path: documentPath(policy, 'dot'), content: out.join('\n') }], diagnostics: [...diagnostics, ...summaryDiagnostic(g, 'dot')] };
}
