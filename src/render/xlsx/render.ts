/**
 * XLSX: the change-request workbook, written as Office Open XML without a dependency: sheet
 * "Rules" (the csv target's table), "Flows" (the plan's flows and the rules that carry them) and
 * "Sources" (every cited page and section); with address objects above INLINE_MAX hosts or
 * addresses an "Objects" sheet lists every object once and the rules name them by id; above
 * FLOW_ROWS_MAX flows the "Flows" sheet counts flows per zone pair instead of listing them. Header row bold, frozen and filtered; lists one item
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
import { documentRules, flowsTable, objectsTable, rulesTable, sourcesTable, type Cell, type Table } from '../csv/rows.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { xmlText, xstring } from './quote.js';
import { zip, type ZipEntry } from './zip.js';
import { Lines } from '../_shared/chunks.js';

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

/**
 * From this many cells on, cells refer to one table of shared strings (ECMA-376 §18.4.9 sst,
 * §18.3.1.4 `t="s"`), as Excel itself writes them: each distinct text is stored once (the large
 * deployment's 88,000 cells hold 8,000 distinct texts), which cuts the sheets to a third.
 * Smaller workbooks keep inline strings. Either way a cell is a string, never a formula.
 */
export const SHARED_STRINGS_MIN_CELLS = 10_000;

/** The shared string table: distinct texts in order of first use. */
class SharedStrings {
  readonly index = new Map<string, number>();
  /** Lists shared between cells (an object's hosts, a rule's purposes): joined and looked up once. */
  private readonly lists = new Map<readonly string[], number>();
  count = 0;
  id(text: string): number {
    this.count++;
    let i = this.index.get(text);
    if (i === undefined) this.index.set(text, (i = this.index.size));
    return i;
  }
  cell(c: Cell): number {
    if (typeof c === 'string') return this.id(c);
    const i = this.lists.get(c);
    if (i !== undefined) {
      this.count++;
      return i;
    }
    const j = this.id(cellText(c));
    this.lists.set(c, j);
    return j;
  }
  /** sharedStrings.xml as lines (joined by newlines). */
  lines(): Lines {
    const out = new Lines();
    out.add(`${XML}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.index.size}">`);
    for (const text of this.index.keys()) out.add(`<si><t xml:space="preserve">${xstring(text)}</t></si>`);
    if (!this.index.size) out.add('');
    out.add('</sst>\n');
    return out;
  }
}

const isEmpty = (c: Cell): boolean => (typeof c === 'string' ? c === '' : c.length === 0 || (c.length === 1 && c[0] === ''));

const cellXml = (ref: string, c: Cell, style: number, sst: SharedStrings | undefined): string =>
  isEmpty(c)
    ? ''
    : sst
      ? `<c r="${ref}" s="${style}" t="s"><v>${sst.cell(c)}</v></c>`
      : `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xstring(cellText(c))}</t></is></c>`;

/** A worksheet as lines (joined by newlines): the rows are most of a large workbook's text. */
function sheetLines(t: Table, selected: boolean, sst: SharedStrings | undefined): Lines {
  const last = `${columnName(t.columns.length - 1)}${t.rows.length + 1}`;
  const names = t.columns.map((_, ci) => columnName(ci));
  const rowXml = (cells: readonly Cell[], ri: number): string => {
    const r = String(ri + 1);
    const style = ri === 0 ? STYLE.header : STYLE.cell;
    let x = `<row r="${r}">`;
    for (let ci = 0; ci < cells.length; ci++) x += cellXml(names[ci]! + r, cells[ci]!, style, sst);
    return `${x}</row>`;
  };
  const out = new Lines();
  out.add(
    [
      XML,
      `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`,
      `<dimension ref="A1:${last}"/>`,
      `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`,
      '<sheetFormatPr defaultRowHeight="15"/>',
      `<cols>${t.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('')}</cols>`,
      '<sheetData>',
    ].join(''),
  );
  out.add(rowXml(t.columns.map((c) => c.title), 0));
  for (let i = 0; i < t.rows.length; i++) out.add(rowXml(t.rows[i]!, i + 1));
  out.add(`</sheetData><autoFilter ref="A1:${last}"/></worksheet>\n`);
  return out;
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
export function workbookParts(policy: Policy, tables: readonly Table[], shared?: boolean): { name: string; text: string }[] {
  return workbookPieces(policy, tables, shared).map((p) => ({ name: p.name, text: p.pieces.join('\n') }));
}

/** The package parts in order, each as pieces whose join by newlines is its text. */
function workbookPieces(policy: Policy, tables: readonly Table[], shared = tables.reduce((n, t) => n + (t.rows.length + 1) * t.columns.length, 0) >= SHARED_STRINGS_MIN_CELLS): { name: string; pieces: readonly string[] }[] {
  const sheets = tables.map((t, i) => ({ t, file: `sheet${i + 1}.xml`, rid: `rId${i + 1}` }));
  const sst = shared ? new SharedStrings() : undefined;
  // Sheets first: they fill the shared string table.
  const sheetParts = sheets.map((s, i) => ({ name: `xl/worksheets/${s.file}`, pieces: sheetLines(s.t, i === 0, sst).pieces() }));
  const title = `vbrwall change request: ${policy.deployment.name}${policy.scope === 'host' ? ` (host ${policy.host ?? ''})` : ' (zone firewall)'}`;
  return [
    {
      name: '[Content_Types].xml',
      pieces: [[
        XML,
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`,
        ...sheets.map((s) => `<Override PartName="/xl/worksheets/${s.file}" ContentType="${CT}.worksheet+xml"/>`),
        `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`,
        ...(sst ? [`<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>`] : []),
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
        '</Types>\n',
      ].join('')],
    },
    {
      name: '_rels/.rels',
      pieces: [`${XML}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/></Relationships>\n`],
    },
    {
      name: 'docProps/core.xml',
      pieces: [`${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${xmlText(title)}</dc:title><dc:creator>vbrwall</dc:creator></cp:coreProperties>\n`],
    },
    {
      name: 'xl/workbook.xml',
      pieces: [`${XML}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.t.name)}" sheetId="${i + 1}" r:id="${s.rid}"/>`).join('')}</sheets></workbook>\n`],
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      pieces: [`${XML}<Relationships xmlns="${NS_PKG_REL}">${sheets.map((s) => `<Relationship Id="${s.rid}" Type="${NS_REL}/worksheet" Target="worksheets/${s.file}"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>${sst ? `<Relationship Id="rId${sheets.length + 2}" Type="${NS_REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>\n`],
    },
    { name: 'xl/styles.xml', pieces: [STYLES] },
    ...(sst ? [{ name: 'xl/sharedStrings.xml', pieces: sst.lines().pieces() }] : []),
    ...sheetParts,
  ];
}

/** The UTF-8 bytes of pieces joined by newlines, encoded into one buffer without joining the text. */
function utf8Lines(pieces: readonly string[]): Buffer {
  let size = Math.max(0, pieces.length - 1);
  for (const p of pieces) size += Buffer.byteLength(p, 'utf8');
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < pieces.length; i++) {
    if (i) out[at++] = 0x0a;
    at += out.write(pieces[i]!, at, 'utf8');
  }
  return out;
}

export function renderXlsx(policy: Policy, opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = documentRules(policy, opts, 'xlsx');
  const objects = objectsTable(rules);
  const parts = workbookPieces(policy, [rulesTable(policy, rules), ...(objects ? [objects] : []), flowsTable(policy, rules), sourcesTable(policy, rules)]);
  const entries: ZipEntry[] = parts.map((p) => ({ name: p.name, data: utf8Lines(p.pieces) }));
  return { files: [{ path: documentPath(policy, 'xlsx'), content: zip(entries) }], diagnostics };
}
