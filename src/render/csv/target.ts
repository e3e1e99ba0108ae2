/**
 * The CSV target: a change-request sheet.
 * @module
 */
import type { Renderer } from '../types.js';
import { renderCsv } from './render.js';
import { DOCUMENT_SUPPORTS } from './rows.js';

export const csv: Renderer = {
  id: 'csv',
  names: [],
  title: 'CSV change-request sheet (one row per rule and protocol)',
  kind: 'document',
  extension: 'csv',
  supports: DOCUMENT_SUPPORTS,
  docs: ['RFC 4180: Common Format and MIME Type for Comma-Separated Values (CSV) Files', 'https://owasp.org/www-community/attacks/CSV_Injection'],
  render: renderCsv,
};
