import { describe, expect, test } from 'vitest';
import { policyFor } from '../../../test/helpers.js';
import { parseCidr, parseIp } from '../../net/ip.js';
import { buildPlan } from '../../plan/plan.js';
import { renderPlan } from '../render.js';
import { fortios } from './index.js';
import { fortiosString } from './quote.js';

const render = (fixture: string) => {
  const r = fortios.render(policyFor(fixture, 'zone-firewall'), { outbound: false });
  return { text: String(r.files[0]?.content ?? ''), diagnostics: r.diagnostics, files: r.files };
};

type Token = { quoted: boolean; value: string };

/** FortiOS CLI words: bare words or double-quoted strings with backslash escapes; undefined when a quote is left open. */
function tokens(s: string): Token[] | undefined {
  const out: Token[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"'\\]+))(?=\s|$)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(s))) {
    out.push(m[1] !== undefined ? { quoted: true, value: m[1].replace(/\\(.)/g, '$1') } : { quoted: false, value: m[2]! });
    end = re.lastIndex;
  }
  return s.slice(end).trim() === '' ? out : undefined;
}

/**
 * Reads the FortiOS configuration back: `config`/`edit`/`set`/`next`/`end` nesting with the exact
 * indentation, every line made of bare words and balanced, escaped double-quoted strings, only the
 * `set` keys each table may hold, names within their limits and defined before use in the table
 * a field refers to, IPv4 and IPv6 fields of a policy in pairs, text printable ASCII without `?`.
 */
function checkFortios(text: string): string[] {
  const errors: string[] = [];
  const TEXT = /^[\x20-\x3e\x40-\x7e]*$/;
  const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
  const defined: Record<string, Set<string>> = { zone: new Set(), address: new Set(), address6: new Set(), addrgrp: new Set(), addrgrp6: new Set(), service: new Set(), policy: new Set() };
  const TABLE: Record<string, string> = {
    'system zone': 'zone',
    'firewall address': 'address',
    'firewall address6': 'address6',
    'firewall addrgrp': 'addrgrp',
    'firewall addrgrp6': 'addrgrp6',
    'firewall service custom': 'service',
    'firewall policy': 'policy',
  };
  let table: string | undefined;
  let entry: Map<string, Token[]> | undefined;
  let entryName = '';
  const names = (ts: Token[], bad: (w: string) => void, ...in_: string[]) => {
    if (!ts.length) bad('empty list');
    for (const t of ts) if (!t.quoted || !in_.some((k) => defined[k]!.has(t.value))) bad(`undefined ${in_.join('/')} ${t.value}`);
  };
  const closeEntry = (bad: (w: string) => void) => {
    if (table === 'policy' && entry) {
      for (const k of ['name', 'srcintf', 'dstintf', 'action', 'schedule', 'service', 'comments']) if (!entry.has(k)) bad(`policy without ${k}`);
      const v4 = ['srcaddr', 'dstaddr'].filter((k) => entry!.has(k)).length;
      const v6 = ['srcaddr6', 'dstaddr6'].filter((k) => entry!.has(k)).length;
      if (v4 === 1 || v6 === 1 || v4 + v6 === 0) bad('policy addresses not in pairs of one family');
      const name = entry.get('name')?.[0]?.value ?? '';
      if (defined.policy!.has(name)) bad('policy name used twice');
      defined.policy!.add(name);
    } else if (table && entry) {
      if ((table === 'address' || table === 'address6') && !(entry.has('subnet') || entry.has('ip6') || entry.get('type')?.[0]?.value === 'fqdn')) bad('address without a value');
      if (Object.values(defined).some((s) => s.has(entryName)) && table !== 'address6' && table !== 'addrgrp6') bad(`${entryName} defined twice`);
      defined[table]!.add(entryName);
    }
    entry = undefined;
  };
  text.split('\n').forEach((line, i) => {
    const bad = (why: string) => errors.push(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    if (line === '') return;
    if (line.startsWith('#')) return void (!TEXT.test(line) && bad('comment not printable ASCII'));
    const ts = tokens(line.trim());
    if (!ts) return bad('unbalanced quotes or stray characters');
    for (const t of ts) if (!TEXT.test(t.value)) bad('text not printable ASCII');
    const words = ts.map((t) => t.value);
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^config (.+)$/))) {
      if (table) bad('config inside config');
      table = TABLE[m[1]!];
      if (!table) bad('unknown table');
      return;
    }
    if (line === 'end') return void (!table || entry ? bad('end without config, or inside edit') : (table = undefined));
    if (line === '    next') return entry ? closeEntry(bad) : bad('next without edit');
    if (line.startsWith('    edit ')) {
      if (!table || entry) return bad('edit outside config');
      entry = new Map();
      if (table === 'policy') return void (line !== '    edit 0' && bad('policy edit is not 0'));
      if (ts.length !== 2 || !ts[1]!.quoted || !NAME.test(words[1]!) || words[1]!.length > (table === 'zone' ? 35 : 79)) return bad('bad name');
      entryName = words[1]!;
      return;
    }
    if (!line.startsWith('        set ') || !entry || !table) return bad('unknown line');
    const [, key, ...rest] = words;
    const args = ts.slice(2);
    if (entry.has(key!)) bad('key set twice');
    entry.set(key!, args);
    const one = (quoted: boolean) => args.length === 1 && args[0]!.quoted === quoted;
    const ok = (() => {
      switch (`${table}.${key}`) {
        case 'address.subnet':
          return args.length === 2 && parseIp(rest[0]!)?.family === 4 && parseIp(rest[1]!)?.family === 4;
        case 'address6.ip6':
          return one(false) && parseCidr(rest[0]!).ok && rest[0]!.includes(':');
        case 'address.type':
        case 'address6.type':
          return one(false) && rest[0] === 'fqdn';
        case 'address.fqdn':
        case 'address6.fqdn':
          return one(true) && /^[a-z0-9][a-z0-9.-]*$/i.test(rest[0]!) && entry!.get('type')?.[0]?.value === 'fqdn';
        case 'address.comment':
        case 'address6.comment':
        case 'addrgrp.comment':
        case 'addrgrp6.comment':
          return one(true) && rest[0]!.length <= 255;
        case 'addrgrp.member':
          return names(args, bad, 'address'), true;
        case 'addrgrp6.member':
          return names(args, bad, 'address6'), true;
        case 'service.tcp-portrange':
        case 'service.udp-portrange':
          return args.length > 0 && args.every((a) => !a.quoted && /^\d+(-\d+)?$/.test(a.value) && a.value.split('-').every((p) => Number(p) <= 65535));
        case 'policy.name':
          return one(true) && NAME.test(rest[0]!) && rest[0]!.length <= 35;
        case 'policy.srcintf':
        case 'policy.dstintf':
          return names(args, bad, 'zone'), args.length === 1;
        case 'policy.srcaddr':
        case 'policy.dstaddr':
          return names(args, bad, 'address', 'addrgrp'), true;
        case 'policy.srcaddr6':
        case 'policy.dstaddr6':
          return names(args, bad, 'address6', 'addrgrp6'), true;
        case 'policy.action':
          return one(false) && rest[0] === 'accept';
        case 'policy.schedule':
          return one(true) && rest[0] === 'always';
        case 'policy.service':
          return names(args, bad, 'service'), true;
        case 'policy.logtraffic':
          return one(false) && rest[0] === 'all';
        case 'policy.comments':
          return one(true) && rest[0]!.length <= 1023;
        default:
          return false;
      }
    })();
    if (!ok) bad(`bad set ${key}`);
  });
  if (table) errors.push('config not closed');
  return errors;
}

describe('fortios', () => {
  for (const fixture of ['four-zone', 'hyperv-agents'])
    test(`golden ${fixture} zone-firewall`, async () => {
      const { text, files } = render(fixture);
      expect(files.map((f) => f.path)).toEqual(['zone-firewall.fortios']);
      await expect(text).toMatchFileSnapshot(`__golden__/${fixture}.zone-firewall.fortios`);
    });

  test.each(['four-zone', 'hyperv-agents', 'hostile'])('%s: reads back through the FortiOS grammar', (fixture) => {
    expect(checkFortios(render(fixture).text)).toEqual([]);
  });

  test('the grammar check can fail', () => {
    const { text } = render('four-zone');
    expect(checkFortios(text.replace('set comment "vbr01', 'set comment "vbr"01'))).not.toEqual([]);
    expect(checkFortios(text.replace('edit "vcsa01"', 'edit "vcsa02"'))).not.toEqual([]);
    expect(checkFortios(text.replace(/\n {8}set dstaddr .*/, ''))).not.toEqual([]);
    expect(checkFortios(text.replace(/\nend\n*$/, '\n'))).not.toEqual([]);
  });

  test('quoting: quotes and backslashes are escaped, nothing else can end the string', () => {
    expect(fortiosString(`a"b'c\\d`)).toBe(`"a\\"b\\'c\\\\d"`);
    expect(fortiosString('line1\nline2 ? x')).toBe('"line1 line2 _ x"');
    expect(tokens(fortiosString(`x" ; end \\" next '`))).toEqual([{ quoted: true, value: `x" ; end \\" next '` }]);
    expect(fortiosString('x'.repeat(300)).length).toBe(257);
  });

  test('hostile names stay inside quoted comments', () => {
    const { text } = render('hostile');
    for (const line of text.split('\n').filter((l) => /rm -rf|DROP TABLE|\$\(|`|accept;/.test(l))) expect(line).toMatch(/^(# | {8}set comments? ")/);
    expect(text).not.toMatch(/[^\x20-\x7e\n]|\?/);
    expect(text).toContain('set comment "vbr\\\'; DROP TABLE -- (host, zone mgmt\\"; drop)"');
  });

  test('IPv6: address6 objects and srcaddr6/dstaddr6 in the same policy; no mixed-family policy', () => {
    const { text, diagnostics } = render('hyperv-agents');
    expect(text).toContain('config firewall address6\n    edit "blob_v6"\n        set type fqdn\n        set fqdn "backups.blob.core.windows.net"\n');
    expect(text).toContain('    edit "vbr_v6"\n        set ip6 2001:db8:10::10/128\n');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['RENDER_UNSUPPORTED', 'warning'],
      ['RENDER_UNSUPPORTED', 'warning'],
    ]);
    // vbr (IPv4 and IPv6) to blob (FQDN: both) is the one policy with both families.
    expect(text).toMatch(/set name "mgmt-to-internet-01"\n.*\n.*\n {8}set srcaddr "vbr"\n {8}set dstaddr "blob"\n {8}set srcaddr6 "vbr_v6"\n {8}set dstaddr6 "blob_v6"\n/);
  });

  test('FQDN objects, the internet as 0.0.0.0/0 and ::/0, every rule with its reasons', () => {
    const { text, diagnostics } = render('four-zone');
    expect(diagnostics).toEqual([]);
    expect(text).toContain('    edit "s3"\n        set type fqdn\n        set fqdn "s3.eu-central-1.amazonaws.com"\n');
    expect(text).toContain('    edit "tenants"\n        set subnet 0.0.0.0 0.0.0.0\n');
    // tenants reach only ccgw01 (IPv4), so there is no IPv6 policy and no IPv6 object for them.
    expect(text).not.toContain('tenants_v6');
    expect(text).toContain('# Default deny: the implicit deny policy (policy 0)');
    for (const r of policyFor('four-zone', 'zone-firewall').rules) expect(text).toContain(`set name "${r.name}"`);
  });

  test('deploy-phase rules say so', () => {
    const policy = policyFor('four-zone', 'zone-firewall', undefined, { phase: 'deploy' });
    const deploy = policy.rules.filter((r) => r.phase === 'deploy');
    expect(deploy.length).toBeGreaterThan(0);
    const text = String(fortios.render(policy, { outbound: false }).files[0]!.content);
    expect(text.split('| deploy phase only: remove after installation or upgrade. |').length - 1).toBe(deploy.length);
  });

  test('deterministic', () => {
    expect(render('hyperv-agents').text).toBe(render('hyperv-agents').text);
  });

  test('zone firewall only: the host scope is refused', () => {
    const out = renderPlan(buildPlan(policyFor('four-zone', 'zone-firewall').deployment), fortios, { scope: 'host', host: 'repo01' });
    expect(out).toMatchObject({ ok: false, diagnostics: [{ code: 'RENDER_UNSUPPORTED' }] });
    expect(fortios.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false })).toMatchObject({ files: [], diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error' }] });
  });
});
