import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectInternetOnly, hostsWithInbound, policyFor } from '../../../test/helpers.js';
import type { RenderResult } from '../types.js';
import { cidrContains, formatCidr, parseCidr } from '../../net/ip.js';
import { familyParts, hasAddresses } from '../_shared/families.js';
import { internetSpelledOut } from '../_shared/internal.js';
import { lintHcl, hclStringValues } from './hcl-lint.js';
import { aws } from './index.js';
import { awsText, hclString, IdentAllocator } from './quote.js';

const CASES = [
  { fixture: 'four-zone', scope: 'zone-firewall', outbound: false },
  { fixture: 'four-zone', scope: 'host', host: 'repo01', outbound: false },
  { fixture: 'hyperv-agents', scope: 'zone-firewall', outbound: false },
  { fixture: 'hyperv-agents', scope: 'host', host: 'vbr', outbound: true },
] as const;

const HOSTILE_HOST = 'repo$(reboot)`id`\\';

function render(fixture: string, scope: 'zone-firewall' | 'host', host?: string, outbound = false): RenderResult {
  return aws.render(policyFor(fixture, scope, host), { outbound });
}

const text = (r: RenderResult, i = 0): string => String(r.files[i]!.content);

/** `resource "type" "name" { key = value ... }` blocks, values as written. */
function resources(hcl: string): { type: string; name: string; attrs: Record<string, string> }[] {
  const out: { type: string; name: string; attrs: Record<string, string> }[] = [];
  let cur: (typeof out)[number] | undefined;
  for (const line of hcl.split('\n')) {
    const head = /^resource "([^"]+)" "([^"]+)" \{$/.exec(line);
    if (head) out.push((cur = { type: head[1]!, name: head[2]!, attrs: {} }));
    else if (line === '}') cur = undefined;
    else if (cur) {
      const m = /^ {2}([a-z_0-9]+) += (.*)$/.exec(line);
      if (m) cur.attrs[m[1]!] = m[2]!;
    }
  }
  return out;
}

const AWS_CHARSET = /^[A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]*$/;

describe('aws golden files', () => {
  for (const c of CASES) {
    const host = 'host' in c ? c.host : undefined;
    test(`${c.fixture} ${c.scope}${host ? ` ${host}` : ''}`, async () => {
      const r = render(c.fixture, c.scope, host, c.outbound);
      expect(r.files.map((f) => f.path)).toEqual([host ? `${host}.tf` : 'zone-firewall.tf', 'aws-variables.tf']);
      await expect(text(r)).toMatchFileSnapshot(`__golden__/${c.fixture}.${c.scope}${host ? `.${host}` : ''}.tf`);
      await expect(text(r, 1)).toMatchFileSnapshot('__golden__/aws-variables.tf');
    });
  }
});

describe('aws output', () => {
  const all = [
    ...CASES.map((c) => render(c.fixture, c.scope, 'host' in c ? c.host : undefined, c.outbound)),
    ...hostsWithInbound('four-zone').map((h) => render('four-zone', 'host', h, true)),
    render('hostile', 'zone-firewall'),
    render('hostile', 'host', HOSTILE_HOST, true),
  ];

  test('every file is well-formed HCL without interpolation', () => {
    for (const r of all) for (const f of r.files) expect(lintHcl(String(f.content)), f.path).toEqual([]);
  });

  test('the checker finds what it is there to find', () => {
    expect(lintHcl('resource "a" "b" {\n  x = "${var.y}"\n}\n').map((i) => i.message)).toEqual(['template sequence ${ inside a string']);
    expect(lintHcl('resource "a" "b c" {\n  x = "a\n}\n').length).toBeGreaterThan(0);
    expect(lintHcl('resource "a" "b" {\n  x = 1; rm\n').map((i) => i.message)).toContain('{ never closed');
    expect(lintHcl('x = "\\q"\n')[0]?.message).toBe('unknown escape \\q');
  });

  test('descriptions and names stay in the AWS charset and length', () => {
    for (const r of all)
      for (const res of resources(text(r))) {
        for (const key of ['description', 'name'] as const) {
          const v = res.attrs[key];
          if (v === undefined) continue;
          const [s] = hclStringValues(v);
          expect(s!.length, `${res.name} ${key}`).toBeLessThanOrEqual(255);
          expect(s, `${res.name} ${key}`).toMatch(AWS_CHARSET);
        }
        expect(res.name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      }
  });

  test('no security group holds the same rule twice (AWS refuses duplicates)', () => {
    for (const r of all) {
      const seen = new Set<string>();
      for (const res of resources(text(r)).filter((x) => x.type.startsWith('aws_vpc_security_group_'))) {
        const a = res.attrs;
        const key = [res.type, a.security_group_id, a.cidr_ipv4, a.cidr_ipv6, a.prefix_list_id, a.referenced_security_group_id, a.ip_protocol, a.from_port, a.to_port].join('|');
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });

  test('deploy-phase rules say so, in the comment and at the start of the description', () => {
    const hcl = text(aws.render(policyFor('four-zone', 'host', 'repo01', { phase: 'deploy' }), { outbound: false }));
    expect(hcl).toContain('#   deploy phase only: remove after installation or upgrade');
    expect(hcl).toMatch(/description += "DEPLOY PHASE ONLY, remove after installation: /);
  });

  test('same input, same bytes', () => {
    const a = render('four-zone', 'zone-firewall');
    const b = render('four-zone', 'zone-firewall');
    expect(a.files).toEqual(b.files);
  });

  test('the zone firewall has one group per zone, ingress and egress rules, and traffic inside the zone', () => {
    const r = render('four-zone', 'zone-firewall');
    const res = resources(text(r));
    expect(res.filter((x) => x.type === 'aws_security_group').map((x) => x.name)).toEqual(['zone_management', 'zone_production', 'zone_backup-data', 'zone_recovery']);
    const within = res.filter((x) => x.attrs.referenced_security_group_id);
    expect(within.map((x) => [x.type, x.attrs.ip_protocol])).toContainEqual(['aws_vpc_security_group_ingress_rule', '"-1"']);
    expect(within.every((x) => x.attrs.from_port === undefined && x.attrs.referenced_security_group_id === x.attrs.security_group_id)).toBe(true);
    // The internet-facing Cloud Connect port into the recovery zone: from every IPv4 address but the
    // internal zones' (a prefix list of what is left), never from an internal zone.
    const ccg = res.filter((x) => x.type === 'aws_vpc_security_group_ingress_rule' && x.attrs.security_group_id === 'aws_security_group.zone_recovery.id' && x.attrs.from_port === '6180');
    expect(ccg.length).toBeGreaterThan(0);
    expect(ccg.some((x) => x.attrs.cidr_ipv4 === '"0.0.0.0/0"' || x.attrs.cidr_ipv6 === '"::/0"')).toBe(false);
    const listOf = (id: string) => /^aws_ec2_managed_prefix_list\.(.+)\.id$/.exec(id)![1]!;
    const entries = (name: string) => [...text(r).split(`resource "aws_ec2_managed_prefix_list" "${name}" {`)[1]!.split('\n}')[0]!.matchAll(/cidr += "([^"]+)"/g)].map((m) => m[1]!);
    // The tenants' rule is the one whose peers reach public addresses (others name the gateways' own peers).
    const publicIp = parseCidr('203.0.113.77');
    if (!publicIp.ok) throw new Error('203.0.113.77');
    const peersOf = (x: (typeof ccg)[number]) => (x.attrs.prefix_list_id ? entries(listOf(x.attrs.prefix_list_id)) : [hclStringValues(x.attrs.cidr_ipv4 ?? x.attrs.cidr_ipv6!)[0]!]);
    const reachesPublic = (c: string): boolean => {
      const p = parseCidr(c);
      return p.ok && cidrContains(p.cidr, publicIp.cidr);
    };
    const tenants = ccg.filter((x) => peersOf(x).some(reachesPublic));
    expect(tenants.length).toBeGreaterThan(0);
    for (const x of tenants) expectInternetOnly(policyFor('four-zone', 'zone-firewall').deployment, peersOf(x));
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'RENDER_UNSUPPORTED', severity: 'info' }));
  });

  test('zone scope: prefix lists and inline prefixes open exactly the ports of the rules entering and leaving each zone', () => {
    for (const fixture of ['four-zone', 'hyperv-agents']) {
      const policy = policyFor(fixture, 'zone-firewall');
      const hcl = text(aws.render(policy, { outbound: false }));
      // Entries of each prefix list, and how many the list says it holds.
      const lists = new Map<string, { cidrs: string[]; max: number; family: string }>();
      let cur: { cidrs: string[]; max: number; family: string } | undefined;
      for (const line of hcl.split('\n')) {
        const head = /^resource "aws_ec2_managed_prefix_list" "([^"]+)" \{$/.exec(line);
        if (head) lists.set(head[1]!, (cur = { cidrs: [], max: 0, family: '' }));
        else if (line === '}') cur = undefined;
        else if (cur) {
          const m = /^ {4}cidr += "([^"]+)"$/.exec(line) ?? undefined;
          if (m) cur.cidrs.push(m[1]!);
          const max = /^ {2}max_entries += (\d+)$/.exec(line);
          if (max) cur.max = Number(max[1]);
          const fam = /^ {2}address_family += "(IPv[46])"$/.exec(line);
          if (fam) cur.family = fam[1]!;
        }
      }
      expect(lists.size, fixture).toBeGreaterThan(0);
      for (const [name, l] of lists) {
        expect(l.max, name).toBe(l.cidrs.length);
        expect(l.cidrs.every((c) => c.includes(':') === (l.family === 'IPv6')), name).toBe(true);
      }
      // What the output opens: group, direction, peer prefix, protocol and port range.
      const got = new Set<string>();
      for (const res of resources(hcl)) {
        const dir = res.type === 'aws_vpc_security_group_ingress_rule' ? 'in' : res.type === 'aws_vpc_security_group_egress_rule' ? 'out' : undefined;
        if (!dir || res.attrs.referenced_security_group_id) continue;
        const group = /^aws_security_group\.(.+)\.id$/.exec(res.attrs.security_group_id!)![1]!;
        const list = res.attrs.prefix_list_id && /^aws_ec2_managed_prefix_list\.(.+)\.id$/.exec(res.attrs.prefix_list_id)![1]!;
        const peers = list ? lists.get(list)!.cidrs : [hclStringValues(res.attrs.cidr_ipv4 ?? res.attrs.cidr_ipv6!)[0]!];
        for (const peer of peers) got.add([group, dir, peer, hclStringValues(res.attrs.ip_protocol!)[0], res.attrs.from_port, res.attrs.to_port].join(' '));
      }
      // What the policy asks for: each rule in the group of the zone it enters, and of the zone it leaves.
      const want = new Set<string>();
      const groupOf = (zone: string): string | undefined => resources(hcl).find((x) => x.type === 'aws_security_group' && hclStringValues(x.attrs.name!)[0] === `vbrwall-${zone}`)?.name;
      for (const r of internetSpelledOut(policy).rules)
        for (const part of familyParts(r))
          for (const [dir, zone, peers] of [
            ['in', r.toZone, part.sources],
            ['out', r.fromZone, part.destinations],
          ] as const) {
            const group = groupOf(zone);
            if (!group || (!hasAddresses(r.source) || !hasAddresses(r.destination))) continue;
            for (const peer of peers ? peers.map((c) => formatCidr(c)) : [part.family === 4 ? '0.0.0.0/0' : '::/0'])
              for (const s of r.services) for (const [a, b] of s.ports) want.add([group, dir, peer, s.protocol, String(a), String(b)].join(' '));
          }
      expect([...got].sort(), fixture).toEqual([...want].sort());
    }
  });

  test('a group over the rules quota is a warning whose hint fits the scope', () => {
    // ccgw01 takes the internet zone written out (every address but the internal zones'): one rule per prefix.
    const host = render('four-zone', 'host', 'ccgw01').diagnostics.filter((d) => d.code === 'RENDER_UNSUPPORTED' && /quota/.test(d.message));
    expect(host.length).toBeGreaterThan(0);
    for (const d of host) {
      expect(d.severity).toBe('warning');
      expect(d.hint).not.toContain('--scope host');
    }
  });

  test('FQDN-only endpoints are errors, not silent gaps', () => {
    const r = render('four-zone', 'zone-firewall');
    const fqdn = r.diagnostics.filter((d) => d.code === 'RENDER_FQDN_UNSUPPORTED');
    expect(fqdn.length).toBeGreaterThan(0);
    expect(fqdn.every((d) => d.severity === 'error')).toBe(true);
    expect(text(r)).not.toContain('s3.eu-central-1');
  });

  test('host scope: without --outbound egress is open, with it egress is the plan', () => {
    const open = resources(text(render('four-zone', 'host', 'repo01', false))).filter((x) => x.type === 'aws_vpc_security_group_egress_rule');
    expect(open.map((x) => x.attrs.cidr_ipv4 ?? x.attrs.cidr_ipv6)).toEqual(['"0.0.0.0/0"', '"::/0"']);
    const closed = resources(text(render('four-zone', 'host', 'repo01', true))).filter((x) => x.type === 'aws_vpc_security_group_egress_rule');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((x) => x.attrs.ip_protocol !== '"-1"')).toBe(true);
  });

  test('IPv6 sources become cidr_ipv6 rules', () => {
    const res = resources(text(render('hyperv-agents', 'host', 'vbr')));
    expect(res).toContainEqual(expect.objectContaining({ attrs: expect.objectContaining({ cidr_ipv6: '"2001:db8:10::50/128"', ip_protocol: '"tcp"' }) }));
  });

  test('a rule whose ends share no address family has no resource (the policy reports it)', () => {
    const p = policyFor('hyperv-agents', 'zone-firewall');
    expect(p.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringContaining('mgmt-to-storage-01') }));
    expect(text(aws.render(p, { outbound: false }))).not.toMatch(/"mgmt-to-storage-01_/);
  });
});

describe('aws hostile names', () => {
  const zone = render('hostile', 'zone-firewall');
  const host = render('hostile', 'host', HOSTILE_HOST, true);

  test('input text appears only in comments and string values', () => {
    for (const r of [zone, host])
      for (const f of r.files)
        for (const line of String(f.content).split('\n')) {
          // What is left of a line without its comment and its string literals is HCL syntax only.
          const code = line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/#.*$/, '');
          expect(code, line).toMatch(/^[A-Za-z0-9_.\-=\s{}[\],"]*$/);
          expect(code, line).not.toMatch(/DROP TABLE|\$\(|`|;|accept; \{/);
        }
    expect(String(zone.files[0]!.content)).toContain("# Zone mgmt\"; drop: attach to every instance of the zone: vbr'; DROP TABLE --, esx } accept; {");
  });

  test('a host name never becomes a path outside the output directory', () => {
    expect(host.files.map((f) => f.path)).toEqual([expect.stringMatching(/^[A-Za-z0-9_-]+\.tf$/), 'aws-variables.tf']);
  });

  test('quoting holds any text', () => {
    const nasty = 'a"b\\c${x}%{y}\nz\u0007ü';
    expect(hclString(nasty)).toBe('"a\\"b\\\\c$${x}%%{y}\\nz\\u0007ü"');
    expect(hclStringValues(`x = ${hclString(nasty)}`)).toEqual([nasty]);
    expect(lintHcl(`x = ${hclString(nasty)}\n`)).toEqual([]);
    expect(awsText('vbr"; <x> & `id` § ü→')).toMatch(AWS_CHARSET);
    const ids = new IdentAllocator();
    expect([ids.take('a b'), ids.take('a_b'), ids.take('a_b'), ids.take('9x')]).toEqual([expect.stringMatching(/^a_b_[0-9a-z]+$/), 'a_b', 'a_b_2', expect.stringMatching(/^r_9x_/)]);
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });

describe.skipIf(terraform.status !== 0)('terraform fmt -check (syntax and canonical layout; needs the terraform binary)', () => {
  test('every generated file parses and is already formatted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-aws-'));
    try {
      const all = [...CASES.map((c) => render(c.fixture, c.scope, 'host' in c ? c.host : undefined, c.outbound)), render('hostile', 'zone-firewall'), render('hostile', 'host', HOSTILE_HOST, true)];
      all.forEach((r, i) => r.files.forEach((f) => writeFileSync(join(dir, `${i}-${f.path}`), f.content)));
      const out = execFileSync('terraform', ['fmt', '-check', '-diff', '-no-color', dir], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
