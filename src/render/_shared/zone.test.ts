import { describe, expect, test } from 'vitest';
import { policyFor } from '../../../test/helpers.js';
import { commonFamilies, families, Names, netmask4, printable, reasonTexts, wrap, zoneRules } from './zone.js';

describe('Names', () => {
  test('keeps legal names, legalises others with a hash of the original, and stays unique', () => {
    const n = new Names(20, ['any']);
    expect(n.take('vbr01')).toBe('vbr01');
    expect(n.take('VBR01')).toBe('VBR01_2');
    expect(n.take('any')).toMatch(/^any_[0-9a-z]{7}$/);
    const a = n.take('mgmt"; drop');
    const b = n.take('mgmt"; drop!');
    expect(a).toMatch(/^mgmt_drop_[0-9a-z]{7}$/);
    expect(b).not.toBe(a);
    expect(n.take('1st zone')).toMatch(/^n1st_zone_[0-9a-z]{7}$/);
    const long = n.take('x'.repeat(50));
    expect(long.length).toBeLessThanOrEqual(20);
    for (const s of [a, b, long]) expect(s).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });

  test('reserved prefixes', () => {
    expect(new Names(63, [], ['junos-']).take('junos-http')).toMatch(/^v_junos-http_[0-9a-z]{7}$/);
  });
});

describe('text', () => {
  test('printable: one line of ASCII, no ?, accents dropped', () => {
    expect(printable('a\nb\u2028c ü?名 \u0007')).toBe('a b c u__');
  });

  test('wrap keeps every word and the width', () => {
    const text = 'Veeam Data Mover (Transport Service) on the backup proxy, from the backup server, other proxies, and mount servers';
    const lines = wrap(text, 30);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines.join(' ')).toBe(text);
    expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  test('netmask4', () => {
    expect([0, 8, 23, 31, 32].map(netmask4)).toEqual(['0.0.0.0', '255.0.0.0', '255.255.254.0', '255.255.255.254', '255.255.255.255']);
  });

  test('reasonTexts: name, phase, failover, purposes, sources', () => {
    const r = policyFor('four-zone', 'zone-firewall').rules.find((x) => x.failover)!;
    const t = reasonTexts(r);
    expect(t[0]).toBe(`${r.name}: ${r.source.label} -> ${r.destination.label}`);
    expect(t).toContain('failover ports: used only when the primary port is unavailable.');
    expect(t[2]).toMatch(/^source: /);
    expect(t.slice(3)).toEqual(r.purposes);
  });
});

describe('zoneRules', () => {
  test('families: an FQDN or any address matches both', () => {
    const p = policyFor('four-zone', 'zone-firewall');
    const s3 = p.addresses.find((a) => a.id === 's3')!;
    expect([...families(s3)]).toEqual([4, 6]);
    const toS3 = p.rules.find((r) => r.destination.id === 's3')!;
    expect(commonFamilies(toS3)).toEqual([4]);
  });

  test('keeps every rule of four-zone; reports the IPv6-only to IPv4-only rules of hyperv-agents', () => {
    const four = zoneRules(policyFor('four-zone', 'zone-firewall'), 't');
    expect(four.diagnostics).toEqual([]);
    expect(four.rules.length).toBe(policyFor('four-zone', 'zone-firewall').rules.length);
    const hv = zoneRules(policyFor('hyperv-agents', 'zone-firewall'), 't');
    expect(hv.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['RENDER_UNSUPPORTED', 'warning'],
      ['RENDER_UNSUPPORTED', 'warning'],
    ]);
  });
});
