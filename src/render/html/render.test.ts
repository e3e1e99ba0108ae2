import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, policyFor } from '../../../test/helpers.js';
import { loadDeployment } from '../../model/load.js';
import { buildPlan } from '../../plan/plan.js';
import { buildPolicy } from '../../policy/build.js';
import type { Policy } from '../../policy/types.js';
import { oneLine } from '../_shared/text.js';
import { html } from './index.js';
import { h } from './quote.js';
import { CSP } from './render.js';
import { CSS } from './style.js';
import { manyHostsPolicy } from '../svg/__fixtures__/many-hosts.js';

const HOST = { 'four-zone': 'repo01', 'hyperv-agents': 'repo-hard' } as const;

function markupPolicy(scope: 'zone-firewall' | 'host', host?: string): Policy {
  const r = loadDeployment(readFileSync(new URL('./__fixtures__/markup.yaml', import.meta.url), 'utf8'), 'markup.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return buildPolicy(buildPlan(r.value.deployment), { scope, ...(host ? { host } : {}) });
}

const text = (p: Policy, outbound = false): string => html.render(p, { outbound }).files[0]!.content as string;

interface Parsed { tags: string[]; attrs: string[]; hrefs: string[]; ids: string[]; metas: Record<string, string>[]; styles: string[]; data: string[]; errors: string[] }

/** Python's html.parser: every element, attribute and text node, and tags that do not nest. */
function parse(doc: string): Parsed {
  const file = join(mkdtempSync(join(tmpdir(), 'vbrwall-html-')), 'x.html');
  writeFileSync(file, doc);
  const py = `
import json, sys
from html.parser import HTMLParser
VOID = {"meta", "br", "path", "rect", "line"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.r = {"tags": set(), "attrs": set(), "hrefs": [], "ids": [], "metas": [], "styles": [], "data": [], "errors": []}
        self.stack = []
    def handle_starttag(self, tag, attrs):
        self.r["tags"].add(tag)
        for k, v in attrs:
            self.r["attrs"].add(k)
            if k == "href": self.r["hrefs"].append(v)
            if k == "id": self.r["ids"].append(v)
        if tag == "meta": self.r["metas"].append(dict(attrs))
        if tag not in VOID: self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID: self.stack.pop()
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag: self.r["errors"].append("unexpected </%s> in %s" % (tag, self.stack[-3:]))
        else: self.stack.pop()
    def handle_data(self, d):
        if self.stack and self.stack[-1] == "style": self.r["styles"].append(d)
        elif d.strip(): self.r["data"].append(d)
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
if p.stack: p.r["errors"].append("unclosed %s" % p.stack)
print(json.dumps({k: sorted(v) if isinstance(v, set) else v for k, v in p.r.items()}))`;
  return JSON.parse(execFileSync('python3', ['-c', py, file], { encoding: 'utf8' })) as Parsed;
}

const TAGS = ['a', 'body', 'br', 'dd', 'defs', 'div', 'dl', 'dt', 'footer', 'g', 'h1', 'h2', 'h3', 'head', 'header', 'html', 'li', 'line', 'main', 'marker', 'meta', 'nav', 'p', 'path', 'rect', 'section', 'small', 'span', 'style', 'svg', 'table', 'tbody', 'td', 'text', 'th', 'thead', 'title', 'tr', 'ul'];

/** Only the report's own elements and attributes; links stay on the page; the CSP is there; the one stylesheet is ours. */
function checkSafe(doc: string): Parsed {
  const p = parse(doc);
  expect(p.errors).toEqual([]);
  expect(p.tags.filter((t) => !TAGS.includes(t))).toEqual([]);
  expect(p.attrs.filter((a) => /^on|^src$|^srcdoc$|^formaction$|href$/i.test(a) && a !== 'href')).toEqual([]);
  for (const href of p.hrefs) expect(p.ids).toContain(href.replace(/^#/, ''));
  expect(p.metas).toContainEqual({ 'http-equiv': 'Content-Security-Policy', content: CSP });
  expect(p.styles).toEqual([CSS]);
  expect(doc.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"')).toBe(true);
  return p;
}

describe('html golden files', () => {
  for (const fx of FIXTURES) {
    it(`${fx}: zone firewall`, async () => {
      await expect(text(policyFor(fx, 'zone-firewall'))).toMatchFileSnapshot(`__golden__/${fx}.zone-firewall.html`);
    });
    it(`${fx}: host ${HOST[fx]} with outbound rules`, async () => {
      await expect(text(policyFor(fx, 'host', HOST[fx]), true)).toMatchFileSnapshot(`__golden__/${fx}.host.${HOST[fx]}.html`);
    });
  }
});

describe('html report', () => {
  it('is one self-contained page in sections: summary, diagram, matrix, rules, defaults, notes, sources', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const parsed = checkSafe(text(p));
    for (const id of ['summary', 'diagram', 'matrix', 'rules-forward', 'defaults', 'notes', 'sources']) expect(parsed.ids).toContain(id);
    for (const r of p.rules) expect(parsed.data).toContain(r.name);
    expect(parsed.tags).toContain('svg');
  });

  it('has inbound and outbound sections for a host', () => {
    const parsed = checkSafe(text(policyFor('four-zone', 'host', 'repo01'), true));
    expect(parsed.ids).toEqual(expect.arrayContaining(['rules-inbound', 'rules-outbound']));
  });

  it('is the same for the same input', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toBe(text(policyFor('hyperv-agents', 'zone-firewall')));
  });

  it('shows IPv6 addresses', () => {
    expect(parse(text(policyFor('hyperv-agents', 'zone-firewall'))).data).toContain('2001:db8:10::50');
  });

  it('escapes text for elements and attributes', () => {
    expect(h(`<a href="x">'&'</a>\n`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('html with hostile names', () => {
  for (const [name, p] of [
    ['hostile.yaml', policyFor('hostile', 'zone-firewall')],
    ['markup.yaml', markupPolicy('zone-firewall')],
    ['markup.yaml host', markupPolicy('host', '@vbr <img src=x onerror=alert(1)>')],
  ] as const) {
    it(`${name}: only the report's own elements, every name as text`, () => {
      const parsed = checkSafe(text(p, true));
      expect(parsed.data).toContain(`Firewall change request: ${oneLine(p.deployment.name)}`);
      for (const hst of new Set([...p.rules, ...p.outbound].flatMap((r) => [...r.source.hosts, ...r.destination.hosts]))) expect(parsed.data).toContain(oneLine(hst));
      for (const z of new Set(p.rules.map((r) => r.fromZone))) expect(parsed.data).toContain(oneLine(z));
    });
  }
});

describe('html of a deployment above the limits', () => {
  it('lists large objects once, summarises the diagram, says so, and stays safe', () => {
    const p = manyHostsPolicy();
    const r = html.render(p, { outbound: false });
    const doc = r.files[0]!.content as string;
    const parsed = checkSafe(doc);
    expect(parsed.ids).toContain('objects');
    const used = new Set(p.rules.flatMap((x) => [x.source.id, x.destination.id]));
    const section = doc.slice(doc.indexOf('<section class="report" id="objects">'), doc.indexOf('<section class="report" id="defaults">'));
    expect(section.match(/<tr><td class="rule">/g)!.length).toBe(used.size);
    expect(doc).toContain('<a href="#objects">');
    expect(parsed.data.some((d) => d.startsWith('Summarised: 157 hosts'))).toBe(true);
    expect(r.diagnostics).toMatchObject([{ code: 'RENDER_UNSUPPORTED', severity: 'info' }]);
  });
});
