/**
 * The Mermaid target: the zone diagram as a flowchart.
 * @module
 */
import { DOCUMENT_SUPPORTS } from '../csv/rows.js';
import type { Renderer } from '../types.js';
import { renderMermaid } from './render.js';

export const mermaid: Renderer = {
  id: 'mermaid',
  names: ['mmd'],
  title: 'Mermaid flowchart (subgraph per zone, links labelled with ports)',
  kind: 'diagram',
  extension: 'mmd',
  supports: DOCUMENT_SUPPORTS,
  docs: ['https://mermaid.js.org/syntax/flowchart.html'],
  render: renderMermaid,
};
