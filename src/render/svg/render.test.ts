import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, policyFor } from '../../../test/helpers.js';
import { loadDeployment } from '../../model/load.js';
import { buildPlan } from '../../plan/plan.js';
import { buildPolicy } from '../../policy/build.js';
import type { Policy } from '../../policy/types.js';
import { oneLine } from '../_shared/text.js';
import { documentRules } from '../csv/rows.js';
import { buildGraph, DIAGRAM_LIMITS, safeIds } from './graph.js';
import { manyHostsPolicy } from './__fixtures__/many-hosts.js';
import fc from 'fast-check';
import { fitText, textUnits } from './quote.js';
import { svg } from './index.js';
import { layoutGraph, type Box } from './layout.js';

const HOST = { 'four-zone': 'repo01', 'hyperv-agents': 'repo-hard' } as const;

function markupPolicy(scope: 'zone-firewall' | 'host', host?: string): Policy {
  const r = loadDeployment(readFileSync(new URL('../html/__fixtures__/markup.yaml', import.meta.url), 'utf8'), 'markup.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return buildPolicy(buildPlan(r.value.deployment), { scope, ...(host ? { host } : {}) });
}

const text = (p: Policy, outbound = false): string => svg.render(p, { outbound }).files[0]!.content as string;

interface Parsed { tags: string[]; attrs: string[]; urls: string[]; ids: string[]; texts: string[]; titles: string[] }

/** Parsed with Python's minidom (fails on XML that is not well-formed): element and attribute names, texts. */
function parse(svgText: string): Parsed {
  const file = join(mkdtempSync(join(tmpdir(), 'vbrwall-svg-')), 'x.svg');
  writeFileSync(file, svgText);
  const py = `
import json, re, sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
r = {"tags": set(), "attrs": set(), "urls": set(), "ids": [], "texts": [], "titles": []}
def walk(n):
    if n.nodeType == n.ELEMENT_NODE:
        r["tags"].add(n.tagName)
        for k, v in n.attributes.items():
            r["attrs"].add(k); r["urls"].update(re.findall(r"url\\(([^)]*)\\)", v))
            if k == "id": r["ids"].append(v)
        t = "".join(c.data for c in n.childNodes if c.nodeType == c.TEXT_NODE)
        if n.tagName == "text": r["texts"].append(t)
        if n.tagName == "title": r["titles"].append(t)
    for c in n.childNodes: walk(c)
walk(d.documentElement)
print(json.dumps({k: sorted(v) if isinstance(v, set) else v for k, v in r.items()}))`;
  return JSON.parse(execFileSync('python3', ['-c', py, file], { encoding: 'utf8' })) as Parsed;
}

const TAGS = ['defs', 'g', 'line', 'marker', 'path', 'rect', 'svg', 'text', 'title'];
const ATTRS = ['aria-labelledby', 'd', 'fill', 'font-family', 'font-size', 'font-weight', 'height', 'id', 'marker-end', 'markerHeight', 'markerWidth', 'orient', 'refX', 'refY', 'role', 'rx', 'stroke', 'stroke-dasharray', 'stroke-opacity', 'stroke-width', 'text-anchor', 'viewBox', 'width', 'x', 'x1', 'x2', 'xmlns', 'y', 'y1', 'y2'];

function checkSafe(out: string): Parsed {
  const p = parse(out);
  expect(p.tags.filter((t) => !TAGS.includes(t))).toEqual([]);
  expect(p.attrs.filter((a) => !ATTRS.includes(a))).toEqual([]);
  for (const u of p.urls) expect(p.ids).toContain(u.replace(/^#/, ''));
  return p;
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('svg golden files', () => {
  for (const fx of FIXTURES) {
    it(`${fx}: zone firewall`, async () => {
      await expect(text(policyFor(fx, 'zone-firewall'))).toMatchFileSnapshot(`__golden__/${fx}.zone-firewall.svg`);
    });
    it(`${fx}: host ${HOST[fx]} with outbound rules`, async () => {
      await expect(text(policyFor(fx, 'host', HOST[fx]), true)).toMatchFileSnapshot(`__golden__/${fx}.host.${HOST[fx]}.svg`);
    });
  }
});

describe('svg diagram', () => {
  it('is well-formed SVG with only drawing elements (minidom; xmllint where installed)', () => {
    const out = text(policyFor('four-zone', 'zone-firewall'));
    const p = checkSafe(out);
    expect(p.texts).toContain('management');
    expect(p.texts).toContain('vbr01');
    if (existsSync('/usr/bin/xmllint')) {
      const file = join(mkdtempSync(join(tmpdir(), 'vbrwall-svg-')), 'x.svg');
      writeFileSync(file, out);
      execFileSync('/usr/bin/xmllint', ['--noout', file]);
    }
  });

  it('has every host of the deployment, and one label per bundle of host pairs with the same ports', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const g = buildGraph(p, documentRules(p, { outbound: false }, 'svg').rules);
    expect(g.zones.flatMap((z) => z.nodes.map((n) => n.name)).sort()).toEqual(p.deployment.hosts.map((h) => h.name).sort());
    const pairs = new Set(p.rules.flatMap((r) => r.source.hosts.flatMap((s) => r.destination.hosts.map((t) => `${s}>${t}`))));
    expect(g.edges.map((e) => `${e.from.name}>${e.to.name}`).sort()).toEqual([...pairs].sort());
    const L = layoutGraph(g);
    expect(L.bundles.flatMap((b) => b.bundle.edges).length).toBe(g.edges.length);
  });

  it('places no label over another label or a host, and every host inside its zone', () => {
    for (const fx of FIXTURES) {
      const p = policyFor(fx, 'zone-firewall');
      const L = layoutGraph(buildGraph(p, documentRules(p, { outbound: false }, 'svg').rules));
      const labels = L.bundles.map((b) => b.label);
      labels.forEach((a, i) => labels.slice(i + 1).forEach((b) => expect(overlap(a, b)).toBe(false)));
      for (const l of labels) for (const n of L.nodes) expect(overlap(l, n.box)).toBe(false);
      for (const n of L.nodes) {
        const z = L.zones.find((x) => x.zone === n.zone)!.box;
        expect(n.box.x >= z.x && n.box.y >= z.y && n.box.x + n.box.w <= z.x + z.w && n.box.y + n.box.h <= z.y + z.h).toBe(true);
      }
    }
  });

  it('is the same for the same input', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toBe(text(policyFor('hyperv-agents', 'zone-firewall')));
  });

  it('shows IPv6 addresses', () => {
    expect(parse(text(policyFor('hyperv-agents', 'zone-firewall'))).texts.some((t) => t.includes('2001:db8:10::50'))).toBe(true);
  });

  it('derives safe unique ids', () => {
    const ids = safeIds(['a b', 'a_b', 'A_B', 'end', 'ünï', ''], 'h_');
    expect([...ids.values()].every((id) => /^h_[A-Za-z0-9_]+$/.test(id))).toBe(true);
    expect(new Set([...ids.values()].map((v) => v.toLowerCase())).size).toBe(6);
    expect(ids.get('end')).toBe('h_end');
  });
});

describe('svg with hostile names', () => {
  for (const [name, p] of [
    ['hostile.yaml', policyFor('hostile', 'zone-firewall')],
    ['markup.yaml', markupPolicy('zone-firewall')],
    ['markup.yaml host', markupPolicy('host', '+repo ]]> <!-- \u0007 &amp; #quot; %% \\')],
  ] as const) {
    it(`${name}: parses as SVG with only drawing elements, names as text`, () => {
      const parsed = checkSafe(text(p, true));
      expect(parsed.titles.some((t) => t.startsWith(oneLine(`${p.deployment.name}:`)))).toBe(true);
      const shown = new Set(p.rules.flatMap((r) => [...r.source.hosts, ...r.destination.hosts]));
      for (const h of shown) expect(parsed.titles.some((t) => t.startsWith(oneLine(h)))).toBe(true);
    });
  }
});

describe('svg of a deployment above the limits', () => {
  const p = manyHostsPolicy();
  it('draws one node per zone and one arrow per zone pair, every rule on exactly one arrow', () => {
    expect(p.deployment.hosts.length).toBeGreaterThan(DIAGRAM_LIMITS.hosts);
    const g = buildGraph(p, documentRules(p, { outbound: false }, 'svg').rules);
    expect(g.summary?.reason).toBe(`${p.deployment.hosts.length} hosts`);
    expect(g.zones.map((z) => z.nodes.length)).toEqual(g.zones.map(() => 1));
    const pairs = new Set(p.rules.map((r) => `${r.fromZone}>${r.toZone}`));
    expect(g.edges.map((e) => `${e.from.zone}>${e.to.zone}`).sort()).toEqual([...pairs].sort());
    expect(g.edges.flatMap((e) => e.rules).sort()).toEqual(p.rules.map((r) => r.name).sort());
    for (const e of g.edges) for (const name of e.rules) expect(p.rules.find((r) => r.name === name)).toMatchObject({ fromZone: e.from.zone, toZone: e.to.zone });
  });
  it('says so in the drawing and in an info diagnostic, and stays small and safe', () => {
    const r = svg.render(p, { outbound: false });
    const out = r.files[0]!.content as string;
    expect(r.diagnostics).toMatchObject([{ code: 'RENDER_UNSUPPORTED', severity: 'info' }]);
    const parsed = checkSafe(out);
    expect(parsed.texts.some((t) => t.startsWith('Summarised: 157 hosts'))).toBe(true);
    expect(out.length).toBeLessThan(40_000);
  });
  it('keeps the host apart in a host document', () => {
    const hp = manyHostsPolicy('host', 'vbr01');
    const g = buildGraph(hp, documentRules(hp, { outbound: true }, 'svg').rules);
    expect(g.summary).toBeDefined();
    const focus = g.zones.flatMap((z) => z.nodes).filter((n) => n.focus);
    expect(focus.map((n) => n.name)).toEqual(['vbr01']);
    expect(g.edges.every((e) => e.from.focus || e.to.focus)).toBe(true);
    checkSafe(text(hp, true));
  });
  it('stays host by host at the limits (150 hosts or fewer, 1000 host pairs or fewer)', () => {
    for (const fx of FIXTURES) expect(buildGraph(policyFor(fx, 'zone-firewall'), documentRules(policyFor(fx, 'zone-firewall'), { outbound: false }, 'svg').rules).summary).toBeUndefined();
  });
});

describe('svg text measure', () => {
  // The measure it replaces: every prefix measured again.
  const slowFit = (s: string, units: number): string => {
    const line = oneLine(s);
    if (textUnits(line) <= units) return line;
    let out = '';
    for (const c of line) {
      if (textUnits(out + c) > units - 1) break;
      out += c;
    }
    return `${out}…`;
  };
  it('fitText cuts where measuring every prefix cuts', () => {
    const chars = fc.constantFrom('a', 'b', ' ', '\n', '名', '\u3000', '\u00a0', 'é', '\u{20001}', '-', '\t');
    fc.assert(fc.property(fc.array(chars, { maxLength: 40 }).map((a) => a.join('')), fc.integer({ min: 1, max: 30 }), (s, n) => fitText(s, n) === slowFit(s, n)), { numRuns: 2000 });
  });
});

describe('shared diagram model', () => {
  it('is built once for the same rules of a policy, and again for other rules', () => {
    const p = policyFor('four-zone', 'host', 'repo01');
    const inbound = documentRules(p, { outbound: false }, 'svg').rules;
    const both = documentRules(p, { outbound: true }, 'svg').rules;
    const a = buildGraph(p, inbound);
    expect(buildGraph(p, documentRules(p, { outbound: false }, 'dot').rules)).toBe(a);
    const b = buildGraph(p, both);
    expect(b).not.toBe(a);
    expect(b.edges.length).toBeGreaterThan(a.edges.length);
    expect(buildGraph(p, inbound)).toEqual(a);
  });
});
