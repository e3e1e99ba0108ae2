/**
 * The XLSX target: a change-request workbook (Rules, Flows, Sources).
 * @module
 */
import { DOCUMENT_SUPPORTS } from '../csv/rows.js';
import type { Renderer } from '../types.js';
import { renderXlsx } from './render.js';

export const xlsx: Renderer = {
  id: 'xlsx',
  names: ['excel'],
  title: 'XLSX change-request workbook (Rules, Flows, Sources sheets)',
  kind: 'document',
  extension: 'xlsx',
  supports: DOCUMENT_SUPPORTS,
  docs: [
    'ECMA-376 Office Open XML File Formats, Part 1 §18 SpreadsheetML and Part 2 Open Packaging Conventions',
    'https://learn.microsoft.com/en-us/office/open-xml/spreadsheet/structure-of-a-spreadsheetml-document',
    'https://learn.microsoft.com/en-us/openspecs/office_standards/ms-oi29500/d34ae755-c53f-4a44-a363-c6dd3ee018a4',
    'PKWARE APPNOTE.TXT .ZIP File Format Specification',
  ],
  render: renderXlsx,
};
