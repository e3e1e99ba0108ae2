import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, policyFor } from '../../../test/helpers.js';
import { loadDeployment } from '../../model/load.js';
import { buildPlan } from '../../plan/plan.js';
import { buildPolicy } from '../../policy/build.js';
import type { Policy } from '../../policy/types.js';
import { oneLine } from '../_shared/text.js';
import { dot } from './index.js';
import { dotString } from './quote.js';
import { manyHostsPolicy } from '../svg/__fixtures__/many-hosts.js';

const HOST = { 'four-zone': 'repo01', 'hyperv-agents': 'repo-hard' } as const;
const DOT = existsSync('/usr/bin/dot') ? '/usr/bin/dot' : undefined;

function markupPolicy(scope: 'zone-firewall' | 'host', host?: string): Policy {
  const r = loadDeployment(readFileSync(new URL('../html/__fixtures__/markup.yaml', import.meta.url), 'utf8'), 'markup.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return buildPolicy(buildPlan(r.value.deployment), { scope, ...(host ? { host } : {}) });
}

const text = (p: Policy, outbound = false): string => dot.render(p, { outbound }).files[0]!.content as string;

const STRING = /"(?:[^"\\\n]|\\.)*"/g;
const unquote = (s: string): string => s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)).replace(/&amp;/g, '&');

/** With every quoted string taken out, each line is one of the statements the renderer writes. */
function checkStructure(out: string): string[] {
  const strings: string[] = [];
  for (const line of out.split('\n')) {
    if (line.startsWith('//')) {
      expect(line).not.toMatch(/[\r\u2028\u2029]/);
      continue;
    }
    const skeleton = line.replace(STRING, (s) => (strings.push(unquote(s)), 'S'));
    expect(skeleton).toMatch(/^(|digraph vbrwall \{|\}|  \}|  graph \[.*\];|  node \[.*\];|  edge \[.*\];|  subgraph S \{|    label=S; tooltip=S; style=S; fillcolor=S; color=S; fontcolor=S;|    S \[label=S, color=S(, penwidth=2\.5)?, tooltip=S\];|  S -> S \[label=S, color=S(, style=(dashed|dotted))?, tooltip=S\];)$/);
    expect(skeleton).not.toContain('"');
  }
  return strings;
}

/** `dot -Tsvg`, then the text lines Graphviz drew (Python's minidom reads the SVG). */
function drawnTexts(out: string): string[] {
  const svgOut = execFileSync(DOT!, ['-Tsvg'], { input: out, encoding: 'utf8' });
  const py = 'import sys,json,xml.dom.minidom as m\nd=m.parseString(sys.stdin.read().encode())\nprint(json.dumps(["".join(c.data for c in t.childNodes if c.nodeType==c.TEXT_NODE) for t in d.getElementsByTagName("text")]))';
  return JSON.parse(execFileSync('python3', ['-c', py], { input: svgOut, encoding: 'utf8' })) as string[];
}

describe('dot golden files', () => {
  for (const fx of FIXTURES) {
    it(`${fx}: zone firewall`, async () => {
      await expect(text(policyFor(fx, 'zone-firewall'))).toMatchFileSnapshot(`__golden__/${fx}.zone-firewall.dot`);
    });
    it(`${fx}: host ${HOST[fx]} with outbound rules`, async () => {
      await expect(text(policyFor(fx, 'host', HOST[fx]), true)).toMatchFileSnapshot(`__golden__/${fx}.host.${HOST[fx]}.dot`);
    });
  }
});

describe('dot graph', () => {
  it('has a cluster per zone, a node per host and an edge per host pair', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const out = text(p);
    const strings = checkStructure(out);
    for (const z of p.deployment.zones) expect(strings).toContain(z.name);
    expect(out.match(/^ {2}subgraph "cluster_/gm)!.length).toBe(p.deployment.zones.length);
    const pairs = new Set(p.rules.flatMap((r) => r.source.hosts.flatMap((s) => r.destination.hosts.map((t) => `${s}>${t}`))));
    expect(out.match(/^ {2}"h_\w+" -> "h_\w+" /gm)!.length).toBe(pairs.size);
  });

  it('quotes strings so that nothing closes them or forms an escString sequence', () => {
    expect(dotString('a"b')).toBe('"a\\"b"');
    expect(dotString('\\N \\G')).toBe('"\\\\N \\\\G"');
    expect(dotString('two\nlines\r\n')).toBe('"two\\nlines\\n"');
    expect(dotString('&amp; &lt;')).toBe('"&amp;amp; &amp;lt;"');
  });

  it('is the same for the same input', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toBe(text(policyFor('hyperv-agents', 'zone-firewall')));
  });

  it('shows IPv6 addresses', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toContain('2001:db8:10::50');
  });

  // Graphviz is the real validator (apt-get install graphviz); skipped where it is missing.
  it.skipIf(!DOT)('lays out every golden fixture with dot -Tsvg, without a warning', () => {
    for (const fx of FIXTURES)
      for (const p of [policyFor(fx, 'zone-firewall'), policyFor(fx, 'host', HOST[fx])]) {
        const r = spawnSync(DOT!, ['-Tsvg', '-o', '/dev/null'], { input: text(p, true), encoding: 'utf8' });
        expect([r.status, r.stderr]).toEqual([0, '']);
      }
  });
});

describe('dot with hostile names', () => {
  for (const [name, p] of [
    ['hostile.yaml', policyFor('hostile', 'zone-firewall')],
    ['markup.yaml', markupPolicy('zone-firewall')],
    ['hostile.yaml host', policyFor('hostile', 'host', 'repo$(reboot)`id`\\')],
  ] as const) {
    const hosts = new Set([...p.rules, ...p.outbound].flatMap((r) => [...r.source.hosts, ...r.destination.hosts]));
    it(`${name}: every line is a known statement and every name reads back from its string`, () => {
      const strings = checkStructure(text(p, true));
      // A node's label starts with its name; its tooltip is the name as it is.
      for (const h of hosts) expect(strings.some((s) => s.split('\n')[0] === oneLine(h))).toBe(true);
      for (const h of hosts) expect(strings).toContain(h.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, ' '));
      for (const z of new Set(p.rules.map((r) => r.fromZone))) expect(strings).toContain(z);
    });
    it.skipIf(!DOT)(`${name}: Graphviz draws every name as text`, () => {
      const drawn = drawnTexts(text(p, true));
      for (const h of hosts) expect(drawn).toContain(oneLine(h));
      for (const z of new Set(p.rules.map((r) => r.fromZone))) expect(drawn).toContain(z);
    });
  }
});

describe('dot of a deployment above the limits', () => {
  const p = manyHostsPolicy();
  it('has a node per zone, an edge per zone pair with its rules, the note, and an info diagnostic', () => {
    const r = dot.render(p, { outbound: false });
    const out = r.files[0]!.content as string;
    const strings = checkStructure(out);
    for (const z of p.deployment.zones) expect(strings).toContain(z.name);
    expect(strings.some((s) => s.includes('\nSummarised: 157 hosts'))).toBe(true);
    expect(out.match(/^ {2}"zn_\w+" -> "zn_\w+" /gm)!.length).toBe(new Set(p.rules.map((x) => `${x.fromZone}>${x.toZone}`)).size);
    // Every rule is named in the tooltip of its zone pair's edge.
    for (const rule of p.rules) expect(strings.some((s) => s.startsWith(`${rule.fromZone} -> ${rule.toZone}: `) && s.split(': ')[1]!.split(', ').includes(rule.name))).toBe(true);
    expect(r.diagnostics).toMatchObject([{ code: 'RENDER_UNSUPPORTED', severity: 'info' }]);
  });
  it.skipIf(!DOT)('lays out with dot -Tsvg, without a warning', () => {
    const r = spawnSync(DOT!, ['-Tsvg', '-o', '/dev/null'], { input: text(p), encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});
