import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectInternetOnly, hostsWithInbound, policyFor } from '../../../test/helpers.js';
import type { Policy, Rule } from '../../policy/types.js';
import { familyParts } from '../_shared/families.js';
import { hclStringValues, lintHcl } from '../aws/hcl-lint.js';
import type { RenderResult } from '../types.js';
import { azure } from './index.js';
import { azureName, NameAllocator } from './quote.js';
import { DENY_PRIORITY, FIRST_PRIORITY, LOCAL_MIN_PREFIXES, renderAzureWith } from './render.js';

const CASES = [
  { fixture: 'four-zone', scope: 'zone-firewall', outbound: false },
  { fixture: 'four-zone', scope: 'host', host: 'repo01', outbound: false },
  { fixture: 'hyperv-agents', scope: 'zone-firewall', outbound: false },
  { fixture: 'hyperv-agents', scope: 'host', host: 'vbr', outbound: true },
] as const;

const HOSTILE_HOST = 'repo$(reboot)`id`\\';

const renderPolicy = (p: Policy, outbound = false): RenderResult => azure.render(p, { outbound });
const render = (fixture: string, scope: 'zone-firewall' | 'host', host?: string, outbound = false): RenderResult => renderPolicy(policyFor(fixture, scope, host), outbound);
const text = (r: RenderResult, i = 0): string => String(r.files[i]!.content);

interface Nsg {
  name: string;
  rules: Record<string, string>[];
}

/** Network security groups and the attributes of their security_rule blocks, values decoded. */
function nsgs(hcl: string): Nsg[] {
  const out: Nsg[] = [];
  let cur: Nsg | undefined;
  let rule: Record<string, string> | undefined;
  for (const line of hcl.split('\n')) {
    const head = /^resource "azurerm_network_security_group" "([^"]+)" \{$/.exec(line);
    if (head) out.push((cur = { name: head[1]!, rules: [] }));
    else if (line === '  security_rule {') cur!.rules.push((rule = {}));
    else if (line === '  }') rule = undefined;
    else if (line === '}') cur = undefined;
    else if (rule) {
      const m = /^ {4}([a-z_]+) += (.*)$/.exec(line);
      if (m) rule[m[1]!] = m[2]!.startsWith('[') ? hclStringValues(m[2]!).join(' ') : (hclStringValues(m[2]!)[0] ?? m[2]!);
    }
  }
  return out;
}

describe('azure golden files', () => {
  for (const c of CASES) {
    const host = 'host' in c ? c.host : undefined;
    test(`${c.fixture} ${c.scope}${host ? ` ${host}` : ''}`, async () => {
      const r = render(c.fixture, c.scope, host, c.outbound);
      expect(r.files.map((f) => f.path)).toEqual([host ? `${host}.tf` : 'zone-firewall.tf', 'azure-variables.tf']);
      await expect(text(r)).toMatchFileSnapshot(`__golden__/${c.fixture}.${c.scope}${host ? `.${host}` : ''}.tf`);
      await expect(text(r, 1)).toMatchFileSnapshot('__golden__/azure-variables.tf');
    });
  }
});

describe('azure output', () => {
  const all = [
    ...CASES.map((c) => render(c.fixture, c.scope, 'host' in c ? c.host : undefined, c.outbound)),
    ...hostsWithInbound('hyperv-agents').map((h) => render('hyperv-agents', 'host', h, true)),
    render('hostile', 'zone-firewall'),
    render('hostile', 'host', HOSTILE_HOST, true),
  ];

  test('every file is well-formed HCL without interpolation', () => {
    for (const r of all) for (const f of r.files) expect(lintHcl(String(f.content)), f.path).toEqual([]);
  });

  test('priorities are unique per direction, allow rules below the deny-all rule at 4096', () => {
    for (const r of all)
      for (const g of nsgs(text(r)))
        for (const dir of ['Inbound', 'Outbound']) {
          const rules = g.rules.filter((x) => x.direction === dir);
          const prios = rules.map((x) => Number(x.priority));
          expect(new Set(prios).size, `${g.name} ${dir}`).toBe(prios.length);
          for (const x of rules) {
            if (x.access === 'Deny') expect(Number(x.priority)).toBe(DENY_PRIORITY);
            else expect(Number(x.priority)).toBeGreaterThanOrEqual(FIRST_PRIORITY), expect(Number(x.priority)).toBeLessThan(DENY_PRIORITY);
          }
        }
  });

  test('zone groups deny everything else in both directions; a host group inbound (and outbound with --outbound)', () => {
    const deny = (r: RenderResult): string[][] => nsgs(text(r)).map((g) => g.rules.filter((x) => x.access === 'Deny').map((x) => `${x.direction} ${x.source_address_prefix} ${x.destination_address_prefix} ${x.protocol}`));
    expect(deny(render('four-zone', 'zone-firewall'))).toEqual(Array(4).fill(['Inbound * * *', 'Outbound * * *']));
    expect(deny(render('four-zone', 'host', 'repo01'))).toEqual([['Inbound * * *']]);
    expect(deny(render('four-zone', 'host', 'repo01', true))).toEqual([['Inbound * * *', 'Outbound * * *']]);
  });

  test('names are legal and unique per group; descriptions fit 140 characters; no rule mixes address families', () => {
    for (const r of all)
      for (const g of nsgs(text(r))) {
        const names = g.rules.map((x) => x.name!.toLowerCase());
        expect(new Set(names).size).toBe(names.length);
        for (const x of g.rules) {
          expect(x.name).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/);
          expect(x.description!.length).toBeLessThanOrEqual(140);
          const prefixes = `${x.source_address_prefixes ?? ''} ${x.destination_address_prefixes ?? ''}`.split(' ').filter(Boolean);
          expect(new Set(prefixes.map((p) => p.includes(':'))).size, x.name).toBeLessThanOrEqual(1);
          expect(x.protocol).toMatch(/^(Tcp|Udp|\*)$/);
        }
      }
  });

  test('IPv6 addresses get rules of their own', () => {
    const rules = nsgs(text(render('hyperv-agents', 'host', 'vbr'))).flatMap((g) => g.rules);
    expect(rules).toContainEqual(expect.objectContaining({ name: expect.stringMatching(/-v6$/), source_address_prefixes: '2001:db8:10::50/128', destination_address_prefixes: '2001:db8:10::10/128' }));
    const zone = nsgs(text(render('hyperv-agents', 'zone-firewall'))).find((g) => g.name === 'zone_mgmt')!;
    expect(zone.rules).toContainEqual(expect.objectContaining({ name: 'within-zone-in-v6', source_address_prefixes: '2001:db8:10::/64' }));
  });

  test('FQDN-only endpoints are errors, each reported once; rules without a common address family are left out', () => {
    const r = render('four-zone', 'zone-firewall');
    const fqdn = r.diagnostics.filter((d) => d.code === 'RENDER_FQDN_UNSUPPORTED');
    expect(fqdn.length).toBeGreaterThan(0);
    expect(fqdn.every((d) => d.severity === 'error')).toBe(true);
    expect(text(r)).not.toContain('s3.eu-central-1');
    expect(new Set(r.diagnostics.map((d) => d.message)).size).toBe(r.diagnostics.length);
    const h = render('hyperv-agents', 'zone-firewall');
    expect(nsgs(text(h)).flatMap((g) => g.rules).filter((x) => x.name!.startsWith('mgmt-to-storage-01'))).toEqual([]);
  });

  test('more rules than priorities: an error for each rule left out, never a silent gap', () => {
    const p = policyFor('four-zone', 'host', 'repo01');
    const base = p.rules[0]!;
    const rules: Rule[] = Array.from({ length: 4000 }, (_, i) => ({ ...base, name: `bulk-${i}`, services: [base.services[0]!] }));
    const r = renderPolicy({ ...p, rules });
    const over = r.diagnostics.filter((d) => d.code === 'RENDER_UNSUPPORTED' && d.severity === 'error');
    const kept = nsgs(text(r))[0]!.rules.filter((x) => x.direction === 'Inbound' && x.access === 'Allow');
    expect(kept.length + over.length).toBe(4000 * familyParts(base).length);
    expect(Math.max(...kept.map((x) => Number(x.priority)))).toBe(DENY_PRIORITY - 1);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('limit of 1000') }));
  });

  test('deploy-phase rules say so, in the comment and at the start of the description', () => {
    const hcl = text(renderPolicy(policyFor('four-zone', 'host', 'repo01', { phase: 'deploy' })));
    expect(hcl).toContain('#   deploy phase only: remove after installation or upgrade');
    expect(nsgs(hcl)[0]!.rules.some((x) => x.description!.startsWith('DEPLOY PHASE ONLY: '))).toBe(true);
  });

  test('same input, same bytes', () => {
    expect(render('hyperv-agents', 'zone-firewall').files).toEqual(render('hyperv-agents', 'zone-firewall').files);
  });
});

describe('azure hostile names', () => {
  const zone = render('hostile', 'zone-firewall');
  const host = render('hostile', 'host', HOSTILE_HOST, true);

  test('input text appears only in comments and string values', () => {
    for (const r of [zone, host])
      for (const f of r.files)
        for (const line of String(f.content).split('\n')) {
          const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/, '');
          expect(code, line).toMatch(/^[A-Za-z0-9_.\-=\s{}[\],"]*$/);
          expect(code, line).not.toMatch(/DROP TABLE|\$\(|`|;/);
        }
    expect(host.files.map((f) => f.path)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]+\.tf$/), 'azure-variables.tf']);
  });

  test('Azure names are derived, legal and unique', () => {
    expect(azureName('in-01-tcp')).toBe('in-01-tcp');
    expect(azureName('mgmt"; drop-to-x-01-tcp')).toMatch(/^mgmt-drop-to-x-01-tcp_[0-9a-z]+$/);
    expect(azureName('-.x.')).toMatch(/^x_[0-9a-z]+$/);
    const names = new NameAllocator();
    expect([names.take('A'), names.take('a'), names.take('a')]).toEqual(['A', 'a_2', 'a_3']);
  });
});

/** The text with every `local.NAME` list replaced by the list its `locals` block gives, and that block removed. */
function inlineLocals(hcl: string): string {
  const block = /\n\n# Address lists [^\n]*\nlocals \{\n([\s\S]*?)\n\}\n/.exec(hcl);
  if (!block) return hcl;
  const values = new Map<string, string>();
  for (const m of block[1]!.matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_-]*) = (\[.*\])$/gm)) values.set(m[1]!, m[2]!);
  return hcl.replace(block[0], '\n').replace(/= local\.([A-Za-z_][A-Za-z0-9_-]*)$/gm, (_, name: string) => `= ${values.get(name) ?? `MISSING ${name}`}`);
}

describe('address lists as locals', () => {
  const cases = [...CASES.map((c) => ({ ...c, host: 'host' in c ? c.host : undefined })), { fixture: 'hostile', scope: 'zone-firewall' as const, host: undefined, outbound: false }];
  test.each(cases)('$fixture $scope $host: the same rules as the inline lists, each shared list written once', ({ fixture, scope, host, outbound }) => {
    const p = policyFor(fixture, scope, host);
    const inline = text(renderAzureWith(p, { outbound }, Infinity));
    const withLocals = text(renderAzureWith(p, { outbound }, 2));
    expect(lintHcl(withLocals)).toEqual([]);
    expect(nsgs(inlineLocals(withLocals))).toEqual(nsgs(inline));
    const names = [...withLocals.matchAll(/^ {2}([A-Za-z0-9_-]+) = \[/gm)].map((m) => m[1]!);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(withLocals.split(`local.${n}\n`).length - 1, n).toBeGreaterThan(1);
  });

  test('any address of the internet zone (the Cloud Connect tenants) is every address but the internal zones\'', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const out = text(renderAzureWith(p, { outbound: false }, LOCAL_MIN_PREFIXES));
    // Only the default deny rules name any address.
    const allows = out.split('security_rule {').filter((block) => /access += "Allow"/.test(block));
    expect(allows.length).toBeGreaterThan(0);
    expect(allows.filter((block) => /_address_prefix += "\*"/.test(block))).toEqual([]);
    const list = /prefixes_tenants = \[([^\]]+)\]/.exec(out);
    expect(list).not.toBeNull();
    expectInternetOnly(p.deployment, [...list![1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!));
  });

  test('a list is a local only from LOCAL_MIN_PREFIXES prefixes up and when more than one rule names it', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    for (const min of [LOCAL_MIN_PREFIXES, 2]) {
      const out = text(renderAzureWith(p, { outbound: false }, min));
      const locals = [...out.matchAll(/# [^\n]*\((\d+) prefixes, named by (\d+) rules\)\n/g)];
      // four-zone has one long list (the tenants: every address but the internal zones'), and short ones.
      expect(locals.length, String(min)).toBeGreaterThan(0);
      for (const m of locals) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(min);
        expect(Number(m[2])).toBeGreaterThan(1);
      }
    }
    expect(text(renderAzureWith(p, { outbound: false }, 2)).match(/prefixes, named by/g)!.length).toBeGreaterThan(text(renderAzureWith(p, { outbound: false }, LOCAL_MIN_PREFIXES)).match(/prefixes, named by/g)!.length);
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });

describe.skipIf(terraform.status !== 0)('terraform fmt -check (syntax and canonical layout; needs the terraform binary)', () => {
  test('every generated file parses and is already formatted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-azure-'));
    try {
      const all = [
        ...CASES.map((c) => render(c.fixture, c.scope, 'host' in c ? c.host : undefined, c.outbound)),
        render('hostile', 'zone-firewall'),
        render('hostile', 'host', HOSTILE_HOST, true),
        // The locals form, which the small fixtures reach only with a low threshold.
        renderAzureWith(policyFor('four-zone', 'zone-firewall'), { outbound: false }, 2),
        renderAzureWith(policyFor('hyperv-agents', 'host', 'vbr'), { outbound: true }, 2),
      ];
      all.forEach((r, i) => r.files.forEach((f) => writeFileSync(join(dir, `${i}-${f.path}`), f.content)));
      const out = execFileSync('terraform', ['fmt', '-check', '-diff', '-no-color', dir], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
