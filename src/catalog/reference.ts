/**
 * Reads the official reference pages (markdown conversions of the Veeam help center) into
 * sections and table rows, so that tests can check every catalog citation against its page.
 * Tables use continuation rows: a row with fewer cells keeps the From and To of the row above.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PortRange } from '../net/ports.js';
import { normalizePorts } from '../net/ports.js';

export interface RefRow {
  from: string;
  to: string;
  protocol: string;
  port: string;
  notes: string;
  /** 1-based line in the page. */
  line: number;
  /** The group row above it (`Communication with vCenter Servers`), if any. */
  group?: string;
}

export interface RefSection {
  title: string;
  /** 1-based line of the heading. */
  line: number;
  text: string;
  rows: RefRow[];
}

const isHeading = (line: string, prev: string | undefined, next: string | undefined): boolean => {
  const t = line.trim();
  if (!t || t !== line.trimEnd() || /^[|*#\-[>!<`]/.test(t) || t.length > 110) return false;
  if (/[.:;,]$/.test(t)) return false;
  return (prev === undefined || prev.trim() === '') && (next === undefined || next.trim() === '');
};

const cells = (line: string): string[] => {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((c) => c.trim());
};

/** Splits a page into sections; consecutive headings with the same title (heading, then table caption) are one section. */
export function parseReferencePage(text: string): RefSection[] {
  const lines = text.split('\n');
  let body = 0;
  if (lines[0]?.trim() === '---') {
    body = lines.findIndex((l, i) => i > 0 && l.trim() === '---') + 1;
  }
  const sections: RefSection[] = [];
  let cur: RefSection | undefined;
  let last = { from: '', to: '', protocol: '' };
  let group: string | undefined;
  for (let i = body; i < lines.length; i++) {
    const line = lines[i]!;
    if (isHeading(line, lines[i - 1], lines[i + 1])) {
      const title = line.trim();
      if (!(cur && cur.title === title)) {
        cur = { title, line: i + 1, text: '', rows: [] };
        sections.push(cur);
        last = { from: '', to: '', protocol: '' };
        group = undefined;
      }
      continue;
    }
    if (!cur) continue;
    cur.text += line + '\n';
    if (!line.trim().startsWith('|')) continue;
    const c = cells(line);
    if (c[0] === 'From' || /^-+$/.test(c[0] ?? '')) continue;
    if (c.length >= 5 && c.slice(1).every((x) => x === '')) {
      group = c[0];
      continue;
    }
    let row: Omit<RefRow, 'line' | 'group'> | undefined;
    if (c.length >= 5) {
      row = { from: c[0]!, to: c[1]!, protocol: c[2]!, port: c[3]!, notes: c.slice(4).join(' | ') };
      last = { from: row.from, to: row.to, protocol: row.protocol };
    } else if (c.length >= 2 && /\b(TCP|UDP)\b/i.test(c[0]!)) {
      row = { from: last.from, to: last.to, protocol: c[0]!, port: c[1]!, notes: c.slice(2).join(' | ') };
      last = { ...last, protocol: row.protocol };
    } else if (c.length >= 3 && c.length <= 4 && last.from && /\b(TCP|UDP|SSH)\b/i.test(c[1]!)) {
      // A continuation row that names a new To and keeps the From of the row above.
      row = { from: last.from, to: c[0]!, protocol: c[1]!, port: c[2]!, notes: c.slice(3).join(' | ') };
      last = { from: row.from, to: row.to, protocol: row.protocol };
    } else if (c.length >= 2 && /^\d[\d\s,+-]*(?:(?:to|or)\s*\d[\d\s,+-]*)*$/.test(c[0]!) && last.protocol) {
      // A continuation row with only Port and Notes keeps the protocol of the row above too.
      row = { from: last.from, to: last.to, protocol: last.protocol, port: c[0]!, notes: c.slice(1).join(' | ') };
    }
    if (row) cur.rows.push({ ...row, line: i + 1, ...(group ? { group } : {}) });
  }
  return sections;
}

/** Port numbers and ranges a port cell names: `6162, 2500 to 3300`, `443 or 80`, `1058+`. */
export function portsInCell(cell: string): PortRange[] {
  const out: [number, number][] = [];
  const text = cell.replace(/\\/g, '');
  const rangeRe = /(\d{1,5})\s*(?:to|-|–)\s*(\d{1,5})/g;
  let rest = text;
  for (const m of text.matchAll(rangeRe)) {
    out.push([Number(m[1]), Number(m[2])]);
    rest = rest.replace(m[0], ' ');
  }
  for (const m of rest.matchAll(/\d{1,5}/g)) out.push([Number(m[0]), Number(m[0])]);
  return normalizePorts(out.filter(([a, b]) => a <= 65535 && b <= 65535));
}

export function protocolsInCell(cell: string): ('tcp' | 'udp')[] {
  const out: ('tcp' | 'udp')[] = [];
  // SSH is named as the protocol in some plug-in tables; it runs over TCP.
  if (/\b(TCP|SSH)\b/i.test(cell)) out.push('tcp');
  if (/\bUDP\b/i.test(cell)) out.push('udp');
  return out;
}

/** Finds a section by title; `A > B` is the first section B after section A. */
export function findSection(sections: readonly RefSection[], path: string): RefSection | undefined {
  const parts = path.split('>').map((p) => p.trim());
  let from = 0;
  let found: RefSection | undefined;
  for (const part of parts) {
    const idx = sections.findIndex((s, i) => i >= from && s.title === part);
    if (idx < 0) return undefined;
    found = sections[idx];
    from = idx + 1;
  }
  return found;
}

const cache = new Map<string, RefSection[]>();

/** Loads and parses a reference page from a directory (the shared reference folder). */
export function loadReferencePage(dir: string, page: string): RefSection[] {
  const key = join(dir, page);
  let s = cache.get(key);
  if (!s) {
    s = parseReferencePage(readFileSync(key, 'utf8'));
    cache.set(key, s);
  }
  return s;
}
