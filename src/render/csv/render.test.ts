import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, policyFor } from '../../../test/helpers.js';
import { loadDeployment } from '../../model/load.js';
import { buildPlan } from '../../plan/plan.js';
import { buildPolicy } from '../../policy/build.js';
import type { Policy } from '../../policy/types.js';
import { oneLine } from '../_shared/text.js';
import { csv } from './index.js';
import { csvField, neutralise } from './quote.js';
import { LIST_SEPARATOR } from './render.js';
import { addressList, documentRules, flowsCell, inlineObject, RULE_COLUMNS, sourcesTable } from './rows.js';
import { catalogEntry } from '../../catalog/index.js';
import { manyHostsPolicy } from '../svg/__fixtures__/many-hosts.js';

const HOST = { 'four-zone': 'repo01', 'hyperv-agents': 'repo-hard' } as const;

function markupPolicy(scope: 'zone-firewall' | 'host', host?: string): Policy {
  const r = loadDeployment(readFileSync(join(ROOT, 'src/render/html/__fixtures__/markup.yaml'), 'utf8'), 'markup.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return buildPolicy(buildPlan(r.value.deployment), { scope, ...(host ? { host } : {}) });
}

/** RFC 4180 reader: records end in CRLF, quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') (value += '"'), i++;
        else break;
      }
    } else {
      const m = /[,\r]/.exec(text.slice(i));
      const end = m ? i + m.index : text.length;
      value = text.slice(i, end);
      if (/["\n]/.test(value)) throw new Error(`bare quote or LF in unquoted field: ${JSON.stringify(value)}`);
      i = end;
    }
    fields.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) (i += 2), records.push(fields), (fields = []);
    else throw new Error(`expected , or CRLF at ${i}`);
  }
  return records;
}

/** Python's csv module, as an independent reader. */
function pythonCsv(text: string): string[][] {
  const file = join(mkdtempSync(join(tmpdir(), 'vbrwall-csv-')), 'x.csv');
  writeFileSync(file, text);
  return JSON.parse(execFileSync('python3', ['-c', "import csv,sys,json; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))", file], { encoding: 'utf8' })) as string[][];
}

const text = (p: Policy, outbound = false): string => csv.render(p, { outbound }).files[0]!.content as string;

describe('csv golden files', () => {
  for (const fx of FIXTURES) {
    it(`${fx}: zone firewall`, async () => {
      await expect(text(policyFor(fx, 'zone-firewall'))).toMatchFileSnapshot(`__golden__/${fx}.zone-firewall.csv`);
    });
    it(`${fx}: host ${HOST[fx]} with outbound rules`, async () => {
      await expect(text(policyFor(fx, 'host', HOST[fx]), true)).toMatchFileSnapshot(`__golden__/${fx}.host.${HOST[fx]}.csv`);
    });
  }
});

describe('csv format', () => {
  it('quotes per RFC 4180 and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('two lines');
    expect(csvField(' =x')).toBe("'=x");
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const c of ['+', '-', '@']) expect(csvField(`${c}x`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvField('plain')).toBe('plain');
  });

  it('has one row per rule and protocol, the default deny last, CRLF records', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const out = text(p);
    expect(out.endsWith('\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const rows = parseCsv(out);
    expect(rows[0]).toEqual(RULE_COLUMNS.map((c) => c.title));
    expect(rows.length - 2).toBe(p.rules.reduce((n, r) => n + r.services.length, 0));
    expect(rows.at(-1)!.slice(0, 2)).toEqual(['default-deny', 'forward']);
    expect(rows.at(-1)![10]).toBe('deny');
    for (const r of rows.slice(1, -1)) expect(r[10]).toBe('allow');
    expect(rows.every((r) => r.length === RULE_COLUMNS.length)).toBe(true);
  });

  it('is the same for the same input', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toBe(text(policyFor('hyperv-agents', 'zone-firewall')));
  });

  it('lists IPv6 prefixes and FQDN destinations instead of dropping rules', () => {
    const p = policyFor('hyperv-agents', 'zone-firewall');
    const r = csv.render(p, { outbound: false });
    expect(r.diagnostics).toEqual([]);
    const rows = parseCsv(r.files[0]!.content as string);
    expect(rows.some((x) => x[4]!.split(LIST_SEPARATOR).includes('2001:db8:10::50'))).toBe(true);
    expect(rows.some((x) => x[7] === 'backups.blob.core.windows.net')).toBe(true);
  });

  it('writes host files under a safe name', () => {
    const p = policyFor('hostile', 'host', 'repo$(reboot)`id`\\');
    expect(csv.render(p, { outbound: true }).files[0]!.path).toMatch(/^[A-Za-z][A-Za-z0-9_-]*\.csv$/);
  });
});

describe('csv with hostile names', () => {
  for (const [name, p] of [
    ['hostile.yaml', policyFor('hostile', 'zone-firewall')],
    ['markup.yaml', markupPolicy('zone-firewall')],
    ['hostile.yaml host', policyFor('hostile', 'host', 'proxy\nline2 #comment')],
  ] as const) {
    it(`${name}: one line per record, every record parses back to the input text, and no cell starts a formula`, () => {
      const out = text(p, true);
      const rows = parseCsv(out);
      // One record per line, whatever the names hold.
      expect(out.split('\r\n').length - 1).toBe(rows.length);
      expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(pythonCsv(out)).toEqual(rows);
      expect(rows.every((r) => r.length === RULE_COLUMNS.length)).toBe(true);
      for (const r of rows) for (const cell of r) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const unneutralise = (c: string): string => c.replace(/^'(?=[=+\-@\t\r])/, '');
      const data = rows.slice(1).filter((r) => r[0] !== 'default-deny');
      const rules = [...p.rules, ...p.outbound];
      expect(data.length).toBe(rules.reduce((n, r) => n + r.services.length, 0));
      for (const r of data) {
        const rule = rules.find((x) => x.name === unneutralise(r[0]!))!;
        expect(rule).toBeDefined();
        expect(unneutralise(r[2]!)).toBe(oneLine(rule.fromZone));
        expect(unneutralise(r[3]!)).toBe(oneLine(rule.source.hosts.join(LIST_SEPARATOR)));
        expect(unneutralise(r[6]!)).toBe(oneLine(rule.destination.hosts.join(LIST_SEPARATOR)));
      }
    });
  }
});

describe('csv with address objects too large for a row', () => {
  const p = manyHostsPolicy();
  const files = csv.render(p, { outbound: false }).files;
  const unneutralise = (c: string): string => c.replace(/^'(?=[=+\-@\t\r])/, '');
  it('names them by id in the rows and lists every object once in the objects file', () => {
    expect(files.map((f) => f.path)).toEqual(['zone-firewall.csv', 'zone-firewall.objects.csv']);
    const rows = parseCsv(files[0]!.content as string);
    const objects = parseCsv(files[1]!.content as string);
    expect(pythonCsv(files[1]!.content as string)).toEqual(objects);
    expect(objects[0]).toEqual(['object', 'kind', 'zone', 'hosts', 'addresses']);
    const used = new Map(p.rules.flatMap((r) => [r.source, r.destination]).map((o) => [o.id, o]));
    expect(objects.slice(1).map((o) => o[0])).toEqual([...used.keys()].sort());
    for (const o of objects.slice(1)) {
      const obj = used.get(o[0]!)!;
      expect(o.slice(1).map(unneutralise)).toEqual([obj.kind, obj.zone ?? '', oneLine(obj.hosts.join(LIST_SEPARATOR)), addressList(obj).join(LIST_SEPARATOR)]);
    }
    const data = rows.slice(1, -1);
    expect(data.length).toBe(p.rules.reduce((n, r) => n + r.services.length, 0));
    let named = 0;
    for (const r of data) {
      const rule = p.rules.find((x) => x.name === r[0])!;
      for (const [col, o] of [[3, rule.source], [6, rule.destination]] as const) {
        if (inlineObject(o)) expect(unneutralise(r[col]!)).toBe(oneLine(o.hosts.join(LIST_SEPARATOR)));
        else {
          named++;
          expect([r[col], r[col + 1]]).toEqual([`${o.id} (${o.hosts.length} hosts)`, `${o.id} (${addressList(o).length} addresses)`]);
        }
      }
    }
    expect(named).toBeGreaterThan(0);
  });
  it('says a rule serves every host pair only when the plan has each of those flows', () => {
    const flows = new Map(p.plan.flows.map((f) => [f.id, f]));
    let said = 0;
    for (const r of p.rules) {
      const cell = flowsCell(r);
      if (typeof cell !== 'string') {
        expect(cell).toEqual(r.flows);
        continue;
      }
      said++;
      const have = new Set(r.flows.map((id) => flows.get(id)!).map((f) => `${f.from}>${f.to}>${f.protocol}`));
      for (const s of r.source.hosts) for (const t of r.destination.hosts) for (const svc of r.services) expect(have.has(`${s}>${t}>${svc.protocol}`)).toBe(true);
      expect(cell).toBe(`${r.flows.length} flows: every source host to every destination host (${r.services.map((x) => x.protocol).join(', ')})`);
    }
    expect(said).toBeGreaterThan(0);
  });
  it('writes no objects file when every object fits in a row', () => {
    expect(csv.render(policyFor('four-zone', 'zone-firewall'), { outbound: false }).files.length).toBe(1);
  });
});

describe('csvField fast path', () => {
  const slow = (s: string): string => {
    const safe = neutralise(oneLine(s));
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  it('quotes exactly as the full path does', () => {
    const parts = fc.constantFrom('a', ' ', '  ', ',', '"', '=', '+', '-', '@', '\t', '\r', '\n', '\u00a0', '\u2028', '\u0085', 'é', '|', "'");
    fc.assert(fc.property(fc.array(parts, { maxLength: 10 }).map((a) => a.join('')), (s) => csvField(s) === slow(s)), { numRuns: 5000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => csvField(s) === slow(s)), { numRuns: 3000 });
  });
});

describe('sources table', () => {
  const fixtures = [policyFor('four-zone', 'zone-firewall'), policyFor('hyperv-agents', 'zone-firewall'), policyFor('four-zone', 'host', 'repo01'), manyHostsPolicy()];
  it("takes a reason's sources from its catalog entry, as the plan does", () => {
    for (const p of fixtures) for (const f of p.plan.flows) for (const r of f.reasons) expect(r.sources).toEqual(catalogEntry(r.entry)!.sources);
  });
  it('lists what a pass over every flow of every rule would list', () => {
    for (const p of fixtures) {
      const { rules } = documentRules(p, { outbound: true }, 'csv');
      const flows = new Map(p.plan.flows.map((f) => [f.id, f]));
      const want = new Map<string, { rules: Set<string>; entries: Set<string> }>();
      for (const { rule } of rules)
        for (const id of rule.flows)
          for (const r of flows.get(id)!.reasons)
            if (rule.entries.includes(r.entry))
              for (const s of r.sources) {
                const k = `${s.page} § ${s.section}`;
                if (!want.has(k)) want.set(k, { rules: new Set(), entries: new Set() });
                want.get(k)!.rules.add(rule.name);
                want.get(k)!.entries.add(r.entry);
              }
      const got = sourcesTable(p, rules).rows.map(([page, section, rs, es]) => [`${page as string} § ${section as string}`, [...(rs as string[])].sort(), es]);
      expect(got.map((g) => g[0]).sort()).toEqual([...want.keys()].sort());
      for (const [k, rs, es] of got) expect([rs, es]).toEqual([[...want.get(k as string)!.rules].sort(), [...want.get(k as string)!.entries].sort()]);
    }
  });
});
