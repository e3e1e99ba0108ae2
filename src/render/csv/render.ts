/**
 * CSV: the change-request sheet, one row per rule and protocol, for a change board's spreadsheet.
 * Columns: rule, direction, source zone/name/addresses, destination zone/name/addresses,
 * protocol, ports, action, purpose, source document (page § section), phase, failover, flows;
 * the last row is the default deny. An address object with more than INLINE_MAX hosts or addresses
 * is named by id in the rows, and a second file (`….objects.csv`) lists every object once.
 * Syntax: RFC 4180 "Common Format and MIME Type for Comma-Separated Values (CSV) Files" §2
 * (CRLF record ends, double-quoted fields, doubled quotes); OWASP "CSV Injection" and ASVS 1.2.10
 * (leading `= + - @` tab CR neutralised with an apostrophe). UTF-8 without a byte order mark.
 * @module
 */
import { slug } from '../../policy/objects.js';
import type { Policy } from '../../policy/types.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { csvField } from './quote.js';
import { documentRules, objectsTable, rulesTable, type Cell, type Table } from './rows.js';

/** Lists in one CSV field: purposes contain `;` and `,`, so ` | ` keeps the items apart. */
export const LIST_SEPARATOR = ' | ';

const cellText = (c: Cell): string => (typeof c === 'string' ? c : c.join(LIST_SEPARATOR));

export function tableCsv(t: Table): string {
  return tableLines(t).text();
}

/**
 * The records of a table as lines (each ends in CR; the newlines joining them complete the CRLF),
 * joined in chunks as they come (_shared/chunks.ts): a large sheet is never one string until read.
 */
function tableLines(t: Table): Lines {
  // Lists are shared between rows (an object's hosts, a rule's purposes in each protocol's row):
  // each is quoted once; so are texts that repeat (zone names, object cells, ports).
  const lists = new Map<readonly string[], string>();
  const texts = new Map<string, string>();
  const field = (c: Cell): string => {
    let f: string | undefined;
    if (typeof c === 'string') {
      f = texts.get(c);
      if (f === undefined) texts.set(c, (f = csvField(c)));
      return f;
    }
    f = lists.get(c);
    if (f === undefined) lists.set(c, (f = csvField(cellText(c))));
    return f;
  };
  const out = new Lines();
  out.add(`${t.columns.map((c) => csvField(c.title)).join(',')}\r`);
  for (const r of t.rows) {
    let line = field(r[0]!);
    for (let i = 1; i < r.length; i++) line += `,${field(r[i]!)}`;
    out.add(`${line}\r`);
  }
  // The last record's LF.
  out.add('');
  return out;
}

/** The file name of a document target: `zone-firewall.<ext>`, or a safe name for the host. */
export const documentPath = (policy: Policy, ext: string): string => `${policy.scope === 'host' ? slug(policy.host ?? 'host') : 'zone-firewall'}.${ext}`;

export function renderCsv(policy: Policy, opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = documentRules(policy, opts, 'csv');
  const objects = objectsTable(rules);
  return {
    files: [
      linesFile(documentPath(policy, 'csv'), tableLines(rulesTable(policy, rules))),
      // Large objects are named by id in the rows; their members are listed once, here.
      ...(objects ? [linesFile(documentPath(policy, 'objects.csv'), tableLines(objects))] : []),
    ],
    diagnostics,
  };
}
