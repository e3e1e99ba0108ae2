import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG, ERRATA, CLASSES, EFFECTIVE, FEATURES, isRole } from './index.js';
import { findSection, loadReferencePage, portsInCell, protocolsInCell } from './reference.js';
import { portsCover } from '../net/ports.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REFERENCE_DIR = process.env.VBRWALL_REFERENCE ?? join(root, '..', 'shared', 'reference', 'veeam-v13');
const SEED = join(REFERENCE_DIR, '..', '..', 'seeds', '000_94fc2878536ea295.txt');

const validSelector = (s: string) => isRole(s) || s in CLASSES || (EFFECTIVE as readonly string[]).includes(s);

describe('catalog', () => {
  it('reference pages are present', () => {
    expect(existsSync(join(REFERENCE_DIR, 'used_ports.md'))).toBe(true);
  });

  it('has unique kebab-case ids', () => {
    const ids = CATALOG.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.each(CATALOG.map((e) => [e.id, e] as const))('%s is well formed', (_id, e) => {
    expect(e.from.length).toBeGreaterThan(0);
    expect(e.to.length).toBeGreaterThan(0);
    for (const s of [...e.from, ...e.to]) expect(validSelector(s), `selector ${s}`).toBe(true);
    expect(e.protocols.length).toBeGreaterThan(0);
    expect(e.ports.length).toBeGreaterThan(0);
    for (const f of e.when?.features ?? []) expect(FEATURES).toContain(f);
    expect(e.sources.length).toBeGreaterThan(0);
    expect(e.purpose.length).toBeGreaterThan(10);
  });

  // The provenance test: every port of every entry appears, with its protocol, in a row of a cited section.
  it.each(CATALOG.map((e) => [e.id, e] as const))('%s: ports are in the cited section', (_id, e) => {
    const rows = e.sources.flatMap((src) => {
      const section = findSection(loadReferencePage(REFERENCE_DIR, src.page), src.section);
      expect(section, `${src.page} § ${src.section}`).toBeDefined();
      return section?.rows ?? [];
    });
    for (const proto of e.protocols)
      for (const range of [...e.ports, ...(e.failover ?? [])]) {
        const hit = rows.some((r) => protocolsInCell(r.protocol).includes(proto) && portsCover(portsInCell(r.port), [range]));
        expect(hit, `${proto}/${range.join('-')} in ${e.sources.map((s) => `${s.page} § ${s.section}`).join('; ')}`).toBe(true);
      }
  });

  it('seed sections exist in the seed article', () => {
    const seed = readFileSync(SEED, 'utf8');
    for (const e of CATALOG) for (const x of [...(e.seed ? [e.seed] : []), ...(e.seeds ?? [])]) expect(seed, e.id).toContain(x.section);
    for (const x of ERRATA) expect(seed, x.id).toContain(x.seed.section);
  });

  it('errata name existing entries and official rows', () => {
    const ids = new Set(CATALOG.map((e) => e.id));
    for (const x of ERRATA) {
      for (const id of x.entries) expect(ids.has(id), `${x.id} → ${id}`).toBe(true);
      expect(findSection(loadReferencePage(REFERENCE_DIR, x.official.page), x.official.section), x.id).toBeDefined();
    }
  });
});

describe('seed article coverage', () => {
  /** Rows of the seed's tables in sections 2 to 12, as `From | To | Port`. */
  function seedRows(): { section: string; row: string }[] {
    const lines = readFileSync(SEED, 'utf8').split('\n');
    const out: { section: string; row: string }[] = [];
    let section = '';
    for (const l of lines) {
      const m = /^(\d+)\. /.exec(l);
      if (m) section = Number(m[1]) >= 2 && Number(m[1]) <= 12 ? l.trim() : '';
      if (!section || !l.startsWith('|') || /^\|\s*(From|---)/.test(l)) continue;
      const c = l.split('|').map((x) => x.trim()).filter(Boolean);
      out.push({ section, row: `${c[0]} | ${c[1]} | ${c[2]}` });
    }
    return out;
  }

  it('maps every row of sections 2 to 12 to a catalog entry or an erratum', () => {
    const rows = seedRows();
    expect(rows.length).toBeGreaterThan(50);
    const norm = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
    const refs = [...CATALOG.flatMap((e) => [...(e.seed?.row ? [e.seed] : []), ...(e.seeds ?? [])]).map((x) => ({ section: x.section, row: x.row ?? '' })), ...ERRATA.map((x) => x.seed)];
    const missing = rows.filter((r) => !refs.some((x) => x.section === r.section && norm(x.row).startsWith(norm(r.row))));
    expect(missing).toEqual([]);
  });
});
