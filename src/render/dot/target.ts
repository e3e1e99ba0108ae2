/**
 * The Graphviz DOT target: the zone diagram for `dot`.
 * @module
 */
import { DOCUMENT_SUPPORTS } from '../csv/rows.js';
import type { Renderer } from '../types.js';
import { renderDot } from './render.js';

export const dot: Renderer = {
  id: 'dot',
  names: ['graphviz'],
  title: 'Graphviz DOT zone diagram (clusters per zone, edges labelled with ports)',
  kind: 'diagram',
  extension: 'dot',
  supports: DOCUMENT_SUPPORTS,
  docs: ['https://graphviz.org/doc/info/lang.html', 'https://graphviz.org/docs/attr-types/escString/'],
  render: renderDot,
};
