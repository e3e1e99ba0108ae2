import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/helpers.js';
import { loadDeployment } from './load.js';

const base = `name: T
zones:
  mgmt: { cidrs: [10.10.0.0/24] }
  data: { cidrs: [10.30.0.0/24] }
hosts:
  vbr01: { address: 10.10.0.10, os: windows, roles: [backup-server] }
`;

/** Loads a document and returns its diagnostics with the text each range covers. */
function diags(text: string) {
  const r = loadDeployment(text, 'd.yaml');
  return { ok: r.ok, diagnostics: r.diagnostics.map((d) => ({ ...d, text: d.range ? text.slice(d.range[0], d.range[1]) : undefined })) };
}

const at = (text: string, needle: string): [number, number] => {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  return [i, i + needle.length];
};

describe('loadDeployment: bad input, with codes and ranges', () => {
  it('accepts the contract four-zone file as it is', () => {
    const r = loadDeployment(readFileSync(fixturePath('four-zone'), 'utf8'), 'four-zone.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value.deployment;
    expect(d.hosts.map((h) => [h.name, h.zone])).toContainEqual(['proxy01', 'backup-data']);
    expect(d.hosts.find((h) => h.name === 'tenants')).toMatchObject({ kind: 'zone', zone: 'internet' });
    expect(d.hosts.find((h) => h.name === 's3')).toMatchObject({ kind: 'fqdn', fqdn: 's3.eu-central-1.amazonaws.com' });
    expect(d.features['guest-processing']).toBe(true);
  });

  it('syntax error', () => {
    const text = base + '  bad: { address: [10.30.0.1\n';
    const r = diags(text);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: 'MODEL_YAML_SYNTAX', file: 'd.yaml' });
    expect(r.diagnostics[0]!.range![0]).toBeGreaterThanOrEqual(base.length);
  });

  it('empty file', () => {
    expect(diags('').diagnostics).toMatchObject([{ code: 'MODEL_EMPTY' }]);
    expect(diags('# only a comment\n').diagnostics).toMatchObject([{ code: 'MODEL_EMPTY' }]);
  });

  it('invalid CIDR and address', () => {
    const text = base.replace('10.30.0.0/24', '10.30.0.1/24') + '  p1: { address: 10.30.0.300, roles: [vmware-proxy] }\n';
    const r = diags(text);
    expect(r.diagnostics).toMatchObject([
      { code: 'MODEL_BAD_CIDR', range: at(text, '10.30.0.1/24'), hint: 'did you mean 10.30.0.0/24?' },
      { code: 'MODEL_BAD_ADDRESS', range: at(text, '10.30.0.300') },
    ]);
  });

  it('unknown role, with the nearest name', () => {
    const text = base + '  p1: { address: 10.30.0.11, roles: [vmware-proxi] }\n';
    const r = diags(text);
    expect(r.diagnostics).toMatchObject([{ code: 'MODEL_UNKNOWN_ROLE', range: at(text, 'vmware-proxi'), path: ['hosts', 'p1', 'roles', 0] }]);
    expect(r.diagnostics[0]!.hint).toContain("'vmware-proxy'");
  });

  it('address in no zone when there is no internet zone', () => {
    const text = base + '  p1: { address: 10.99.0.1, roles: [vmware-proxy] }\n';
    expect(diags(text).diagnostics).toMatchObject([{ code: 'MODEL_NO_ZONE', range: at(text, '10.99.0.1') }]);
  });

  it('an address outside the other zones falls into the internet zone', () => {
    const text = base.replace('hosts:', '  inet: { internet: true }\nhosts:') + '  p1: { address: 192.0.2.1, roles: [cloud-tenant] }\n';
    const r = loadDeployment(text, 'd.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.deployment.hosts.find((h) => h.name === 'p1')!.zone).toBe('inet');
  });

  it('overlapping zone CIDRs', () => {
    const text = base.replace('data: { cidrs: [10.30.0.0/24] }', 'data: { cidrs: [10.10.0.128/25] }');
    expect(diags(text).diagnostics).toMatchObject([{ code: 'MODEL_ZONE_OVERLAP', range: at(text, '10.10.0.128/25') }]);
  });

  it('duplicate host key, reported with the other problems', () => {
    const text = base + '  vbr01: { address: 10.10.0.12, roles: [console] }\n  p9: { address: 10.30.0.9, roles: [nope] }\n';
    const r = diags(text);
    const second = text.lastIndexOf('vbr01');
    expect(r.diagnostics).toMatchObject([
      { code: 'MODEL_DUPLICATE_KEY', range: [second, second + 5] },
      { code: 'MODEL_UNKNOWN_ROLE', range: at(text, 'nope') },
    ]);
  });

  it('a host given twice: the problems of each definition, each at its own lines', () => {
    const text = base.replace('os: windows, roles: [backup-server] }', 'os: windoze, roles: [backup-server, bogus1] }') + '  vbr01: { address: 10.10.0.12, roles: [console, bogus2] }\n';
    const r = diags(text);
    const second = text.lastIndexOf('vbr01');
    expect(r.diagnostics.map((d) => [d.code, d.text])).toEqual([
      ['MODEL_TYPE', 'windoze'],
      ['MODEL_UNKNOWN_ROLE', 'bogus1'],
      ['MODEL_DUPLICATE_KEY', 'vbr01'],
      ['MODEL_UNKNOWN_ROLE', 'bogus2'],
    ]);
    expect(r.diagnostics[2]!.range).toEqual([second, second + 5]);
    expect(r.diagnostics[3]!.range).toEqual(at(text, 'bogus2'));
  });

  it('a field given twice: the later value counts, and its problems point at it', () => {
    const text = base.replace('roles: [backup-server] }', 'roles: [backup-server], roles: [bogus] }');
    expect(diags(text).diagnostics.map((d) => [d.code, d.text])).toEqual([
      ['MODEL_DUPLICATE_KEY', 'roles'],
      ['MODEL_UNKNOWN_ROLE', 'bogus'],
    ]);
  });

  it('host with no roles', () => {
    const text = base + '  p1: { address: 10.30.0.11, roles: [] }\n';
    expect(diags(text).diagnostics).toMatchObject([{ code: 'MODEL_NO_ROLES', path: ['hosts', 'p1', 'roles'] }]);
  });

  it('wrong type', () => {
    const text = base + '  p1: { address: 10.30.0.11, roles: vmware-proxy }\n';
    const r = diags(text);
    expect(r.diagnostics).toMatchObject([{ code: 'MODEL_TYPE', range: at(text, 'vmware-proxy') }]);
    const text2 = base.replace('name: T', 'name: [T]');
    expect(diags(text2).diagnostics).toMatchObject([{ code: 'MODEL_TYPE', path: ['name'] }]);
  });

  it('unknown field and unknown feature, with suggestions', () => {
    const text = base + '  p1: { address: 10.30.0.11, roles: [vmware-proxy], transprot: [network] }\nfeatures: { guest-procesing: true }\n';
    const r = diags(text);
    expect(r.diagnostics).toMatchObject([
      { code: 'MODEL_UNKNOWN_FIELD', range: at(text, 'transprot') },
      { code: 'MODEL_UNKNOWN_FEATURE', range: at(text, 'guest-procesing') },
    ]);
    expect(r.diagnostics[0]!.hint).toContain("'transport'");
    expect(r.diagnostics[1]!.hint).toContain("'guest-processing'");
  });

  it('unknown zone and zone mismatch', () => {
    const text = base + '  p1: { address: 10.30.0.11, zone: dta, roles: [vmware-proxy] }\n  p2: { address: 10.30.0.12, zone: mgmt, roles: [vmware-proxy] }\n';
    const r = diags(text);
    expect(r.diagnostics).toMatchObject([
      { code: 'MODEL_UNKNOWN_ZONE', range: at(text, 'dta') },
      { code: 'MODEL_ZONE_MISMATCH' },
    ]);
    expect(r.diagnostics[0]!.hint).toContain("'data'");
  });

  it('role and OS conflict', () => {
    const text = base + '  r1: { address: 10.30.0.21, os: windows, roles: [hardened-repository] }\n';
    expect(diags(text).diagnostics).toMatchObject([{ code: 'MODEL_ROLE_OS', range: at(text, 'hardened-repository') }]);
  });

  it('failover override outside the documented range', () => {
    const text = base + 'overrides: { failover-range: "2000-2600" }\n';
    expect(diags(text).diagnostics).toMatchObject([{ code: 'MODEL_BAD_OVERRIDE', range: at(text, '"2000-2600"') }]);
  });

  it('reports every problem of a file at once, in file order', () => {
    const text = base.replace('10.30.0.0/24', '10.30.0.1/24') + '  p1: { address: 10.30.0.11, roles: [bogus] }\n  p2: { roles: [console] }\n';
    const codes = diags(text).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['MODEL_BAD_CIDR', 'MODEL_UNKNOWN_ROLE', 'MODEL_NO_ADDRESS']);
  });

  it('several roles on one host add up, and the OS follows from the roles', () => {
    const text = base + '  r1: { address: 10.30.0.21, roles: [windows-repository, mount-server] }\n';
    const r = loadDeployment(text, 'd.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.deployment.hosts.find((h) => h.name === 'r1')).toMatchObject({ os: 'windows', roles: ['windows-repository', 'mount-server'] });
  });
});
