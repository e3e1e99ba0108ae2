/**
 * The SVG target: the zone diagram, laid out by vbrwall itself (no browser, no Graphviz).
 * @module
 */
import { DOCUMENT_SUPPORTS } from '../csv/rows.js';
import type { Renderer } from '../types.js';
import { renderSvg } from './render.js';

export const svg: Renderer = {
  id: 'svg',
  names: [],
  title: 'SVG zone diagram (zones, hosts, ports between them)',
  kind: 'diagram',
  extension: 'svg',
  supports: DOCUMENT_SUPPORTS,
  docs: ['https://www.w3.org/TR/SVG11/', 'https://www.w3.org/TR/xml/#syntax'],
  render: renderSvg,
};
