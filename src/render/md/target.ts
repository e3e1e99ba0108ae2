/**
 * The Markdown target: a change request with every rule and its reasons.
 * @module
 */
import { DOCUMENT_SUPPORTS } from '../csv/rows.js';
import type { Renderer } from '../types.js';
import { renderMarkdown } from './render.js';

export const md: Renderer = {
  id: 'md',
  names: ['markdown'],
  title: 'Markdown change request (summary, zone-pair matrix, rules with reasons)',
  kind: 'document',
  extension: 'md',
  supports: DOCUMENT_SUPPORTS,
  docs: ['https://spec.commonmark.org/0.31/#backslash-escapes', 'https://github.github.com/gfm/#tables-extension-'],
  render: renderMarkdown,
};
