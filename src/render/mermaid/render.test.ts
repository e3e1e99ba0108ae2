import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, policyFor } from '../../../test/helpers.js';
import { loadDeployment } from '../../model/load.js';
import { buildPlan } from '../../plan/plan.js';
import { buildPolicy } from '../../policy/build.js';
import type { Policy } from '../../policy/types.js';
import { oneLine } from '../_shared/text.js';
import { mermaid } from './index.js';
import { mmdText } from './quote.js';
import { manyHostsPolicy } from '../svg/__fixtures__/many-hosts.js';

const HOST = { 'four-zone': 'repo01', 'hyperv-agents': 'repo-hard' } as const;

function markupPolicy(scope: 'zone-firewall' | 'host', host?: string): Policy {
  const r = loadDeployment(readFileSync(new URL('../html/__fixtures__/markup.yaml', import.meta.url), 'utf8'), 'markup.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return buildPolicy(buildPlan(r.value.deployment), { scope, ...(host ? { host } : {}) });
}

const text = (p: Policy, outbound = false): string => mermaid.render(p, { outbound }).files[0]!.content as string;

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>', '35': '#', '37': '%', '96': '`' };
/** A label as Mermaid shows it: `<br/>` line breaks, entity codes decoded. */
const decode = (label: string): string[] => label.split('<br/>').map((l) => l.replace(/#(\w+);/g, (_, e: string) => ENTITIES[e]!));

const LABEL = '"([^"<>&`%]*(?:<br/>[^"<>&`%]*)*)"';
const SHAPES: RegExp[] = [
  /^%% [^\n]*$/,
  /^flowchart LR$/,
  new RegExp(`^ {2}subgraph z_\\w+\\[${LABEL}\\]$`),
  new RegExp(`^ {4}h_\\w+\\[${LABEL}\\]$`),
  /^ {2}end$/,
  new RegExp(`^ {2}h_\\w+ -->\\|${LABEL}\\| h_\\w+$`),
  // A summarised diagram: zone nodes (and the host of a host document), the note.
  new RegExp(`^ {4}zn_\\w+\\[${LABEL}\\]$`),
  new RegExp(`^ {2}(h|zn)_\\w+ -->\\|${LABEL}\\| (h|zn)_\\w+$`),
  new RegExp(`^ {2}n_summary\\[${LABEL}\\]$`),
  /^ {2}style n_summary fill:#fffbea,stroke:#b7791f,color:#1a202c,stroke-dasharray:4 3$/,
  /^ {2}style z_\w+ fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}(,stroke-dasharray:6 4)?$/,
  /^ {2}linkStyle \d+(,\d+)* stroke:#[0-9a-f]{6}(,stroke-dasharray:\d \d)?$/,
  /^ {2}classDef focus stroke-width:3px$/,
  /^ {2}class h_\w+ focus$/,
  /^$/,
];

/** Every line has one of the shapes the renderer writes; returns the decoded labels. */
function checkStructure(out: string): string[][] {
  const labels: string[][] = [];
  for (const line of out.split('\n')) {
    expect(SHAPES.some((re) => re.test(line)), line).toBe(true);
    expect(line).not.toMatch(/^%%\{/);
    for (const m of line.matchAll(/"([^"]*)"/g)) if (!line.startsWith('%%')) labels.push(decode(m[1]!));
  }
  return labels;
}

describe('mermaid golden files', () => {
  for (const fx of FIXTURES) {
    it(`${fx}: zone firewall`, async () => {
      await expect(text(policyFor(fx, 'zone-firewall'))).toMatchFileSnapshot(`__golden__/${fx}.zone-firewall.mmd`);
    });
    it(`${fx}: host ${HOST[fx]} with outbound rules`, async () => {
      await expect(text(policyFor(fx, 'host', HOST[fx]), true)).toMatchFileSnapshot(`__golden__/${fx}.host.${HOST[fx]}.mmd`);
    });
  }
});

describe('mermaid flowchart', () => {
  it('has a subgraph per zone, a node per host and a link per host pair', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const out = text(p);
    const labels = checkStructure(out);
    for (const z of p.deployment.zones) expect(labels).toContainEqual([z.name]);
    for (const h of p.deployment.hosts) expect(labels.some((l) => l[0] === h.name)).toBe(true);
    const pairs = new Set(p.rules.flatMap((r) => r.source.hosts.flatMap((s) => r.destination.hosts.map((t) => `${s}>${t}`))));
    const links = out.match(/^ {2}h_\w+ -->/gm)!.length;
    expect(links).toBe(pairs.size);
    // linkStyle indexes cover every link once.
    const styled = [...out.matchAll(/^ {2}linkStyle ([\d,]+) /gm)].flatMap((m) => m[1]!.split(',').map(Number)).sort((a, b) => a - b);
    expect(styled).toEqual([...Array(links).keys()]);
  });

  it('uses entity codes for every character with a meaning in a label', () => {
    expect(mmdText('a"b#c&d<e>f`g%h')).toBe('a#quot;b#35;c#amp;d#lt;e#gt;f#96;g#37;h');
    expect(mmdText('#quot;')).toBe('#35;quot;');
    expect(mmdText('two\nlines')).toBe('two lines');
  });

  it('is the same for the same input', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toBe(text(policyFor('hyperv-agents', 'zone-firewall')));
  });

  it('shows IPv6 addresses', () => {
    expect(text(policyFor('hyperv-agents', 'zone-firewall'))).toContain('2001:db8:10::50');
  });
});

describe('mermaid with hostile names', () => {
  for (const [name, p] of [
    ['hostile.yaml', policyFor('hostile', 'zone-firewall')],
    ['markup.yaml', markupPolicy('zone-firewall')],
    ['hostile.yaml host', policyFor('hostile', 'host', 'esx } accept; {')],
  ] as const) {
    it(`${name}: every line keeps its shape and every name decodes back from its label`, () => {
      const labels = checkStructure(text(p, true));
      for (const h of new Set([...p.rules, ...p.outbound].flatMap((r) => [...r.source.hosts, ...r.destination.hosts]))) expect(labels.some((l) => l[0] === oneLine(h))).toBe(true);
      for (const z of new Set(p.rules.map((r) => r.fromZone))) expect(labels).toContainEqual([oneLine(z)]);
    });
  }
});

describe('mermaid of a deployment above the limits', () => {
  it('has a node per zone, a link per zone pair, the note, and an info diagnostic', () => {
    const p = manyHostsPolicy();
    const r = mermaid.render(p, { outbound: false });
    const out = r.files[0]!.content as string;
    const labels = checkStructure(out);
    for (const z of p.deployment.zones) expect(labels).toContainEqual([z.name]);
    expect(labels.some((l) => l[0]!.startsWith('Summarised: 157 hosts'))).toBe(true);
    const links = out.match(/^ {2}\w+ -->/gm)!.length;
    expect(links).toBe(new Set(p.rules.map((x) => `${x.fromZone}>${x.toZone}`)).size);
    const styled = [...out.matchAll(/^ {2}linkStyle ([\d,]+) /gm)].flatMap((m) => m[1]!.split(',').map(Number)).sort((a, b) => a - b);
    expect(styled).toEqual([...Array(links).keys()]);
    expect(r.diagnostics).toMatchObject([{ code: 'RENDER_UNSUPPORTED', severity: 'info' }]);
    expect(out.length).toBeLessThan(20_000);
  });
});
