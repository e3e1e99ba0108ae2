/**
 * XLSX: the change-request workbook, written as Office Open XML without a dependency: sheet
 * "Rules" (the csv target's table), "Flows" (the plan's flows and the rules that carry them) and
 * "Sources" (every cited page and section). Header row bold, frozen and filtered; lists one item
 * per line in wrapped cells. Cells are inline strings, which a spreadsheet never evaluates as
 * formulas, so they hold the text exactly (no apostrophe as in the csv target).
 * Syntax: ECMA-376 Part 1 (Office Open XML) §18.3.1.99 worksheet, §18.3.1.4 c (Cell),
 * §18.3.1.53 is (Rich Text Inline), §18.2.27 workbook, §18.8 styles; Part 2 (Open Packaging
 * Conventions) content types and relationships; Microsoft Learn "Structure of a
 * SpreadsheetML document"; PKWARE APPNOTE.TXT for the ZIP container (zip.ts).
 * @module
 */
import type { Policy } from '../../policy/types.js';
import { documentPath } from '../csv/render.js';
import { documentRules, flowsTable, rulesTable, sourcesTable, type Cell, type Table } from '../csv/rows.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { xmlText, xstring } from './quote.js';
import { zip, type ZipEntry } from './zip.js';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** Style indexes into cellXfs of styles.xml. */
const STYLE = { cell: 1, header: 2 } as const;

/** `A`, `B`, …, `Z`, `AA`, … for a 0-based column index. */
export const columnName = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : columnName(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

const cellText = (c: Cell): string => (typeof c === 'string' ? c : c.join('\n'));

const cellXml = (ref: string, text: string, style: number): string =>
  text === '' ? '' : `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xstring(text)}</t></is></c>`;

function sheetXml(t: Table, selected: boolean): string {
  const last = `${columnName(t.columns.length - 1)}${t.rows.length + 1}`;
  const rows = [t.columns.map((c) => c.title), ...t.rows.map((r) => r.map(cellText))].map(
    (cells, ri) => `<row r="${ri + 1}">${cells.map((text, ci) => cellXml(`${columnName(ci)}${ri + 1}`, text, ri === 0 ? STYLE.header : STYLE.cell)).join('')}</row>`,
  );
  return [
    XML,
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`,
    `<dimension ref="A1:${last}"/>`,
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`,
    '<sheetFormatPr defaultRowHeight="15"/>',
    `<cols>${t.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>`,
    `<sheetData>\n${rows.join('\n')}\n</sheetData>`,
    `<autoFilter ref="A1:${last}"/>`,
    '</worksheet>\n',
  ].join('');
}

const STYLES = [
  XML,
  `<styleSheet xmlns="${NS_MAIN}">`,
  '<fonts count="2"><font><sz val="10"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="10"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font></fonts>',
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF2F5496"/><bgColor indexed="64"/></patternFill></fill></fills>',
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
  '<cellXfs count="3">',
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>',
  '</cellXfs>',
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
  '</styleSheet>\n',
].join('');

/** The package parts in order, as text (the test reads them back the same way). */
export function workbookParts(policy: Policy, tables: readonly Table[]): { name: string; text: string }[] {
  const sheets = tables.map((t, i) => ({ t, file: `sheet${i + 1}.xml`, rid: `rId${i + 1}` }));
  const title = `vbrwall change request: ${policy.deployment.name}${policy.scope === 'host' ? ` (host ${policy.host ?? ''})` : ' (zone firewall)'}`;
  return [
    {
      name: '[Content_Types].xml',
      text: [
        XML,
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`,
        ...sheets.map((s) => `<Override PartName="/xl/worksheets/${s.file}" ContentType="${CT}.worksheet+xml"/>`),
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`,
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
        '</Types>\n',
      ].join(''),
    },
    {
      name: '_rels/.rels',
      text: `${XML}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/></Relationships>\n`,
    },
    {
      name: 'docProps/core.xml',
      text: `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${xmlText(title)}</dc:title><dc:creator>vbrwall</dc:creator></cp:coreProperties>\n`,
    },
    {
      name: 'xl/workbook.xml',
      text: `${XML}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.t.name)}" sheetId="${i + 1}" r:id="${s.rid}"/>`).join('')}</sheets></workbook>\n`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `${XML}<Relationships xmlns="${NS_PKG_REL}">${sheets.map((s) => `<Relationship Id="${s.rid}" Type="${NS_REL}/worksheet" Target="worksheets/${s.file}"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/></Relationships>\n`,
    },
    { name: 'xl/styles.xml', text: STYLES },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/${s.file}`, text: sheetXml(s.t, i === 0) })),
  ];
}

export function renderXlsx(policy: Policy, opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = documentRules(policy, opts, 'xlsx');
  const parts = workbookParts(policy, [rulesTable(policy, rules), flowsTable(policy, rules), sourcesTable(policy, rules)]);
  const enc = new TextEncoder();
  const entries: ZipEntry[] = parts.map((p) => ({ name: p.name, data: enc.encode(p.text) }));
  return { files: [{ path: documentPath(policy, 'xlsx'), content: zip(entries) }], diagnostics };
}
