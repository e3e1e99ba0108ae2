import { describe, expect, test } from 'vitest';
import { policyFor } from '../../../test/helpers.js';
import { parseIp } from '../../net/ip.js';
import { buildPlan } from '../../plan/plan.js';
import { renderPlan } from '../render.js';
import { asa } from './index.js';
import { REMARK_MAX } from './quote.js';

const render = (fixture: string) => {
  const r = asa.render(policyFor(fixture, 'zone-firewall'), { outbound: false });
  return { text: String(r.files[0]?.content ?? ''), diagnostics: r.diagnostics, files: r.files };
};

/**
 * A line grammar of the ASA commands the renderer may write, read back: every line must be one
 * of them, sub-commands must sit under the right parent, every name must be defined before use
 * and only once (objects and object groups share one namespace), remarks and descriptions must
 * be printable ASCII within their limits, and every ACL must end in the explicit deny.
 */
function checkAsa(text: string): string[] {
  const errors: string[] = [];
  const NAME = '([A-Za-z][A-Za-z0-9_-]{0,63})';
  const TEXT = /^[\x20-\x3e\x40-\x7e]*$/; // printable ASCII without '?'
  const ip = (s: string, fam: 4 | 6) => parseIp(s)?.family === fam;
  const mask = (s: string) => ip(s, 4) && /^1*0*$/.test(s.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join(''));
  const names = new Map<string, 'object' | 'group' | 'service'>();
  const define = (n: string, kind: 'object' | 'group' | 'service', at: number) => {
    if ([...names.keys()].some((k) => k.toLowerCase() === n.toLowerCase())) errors.push(`line ${at}: ${n} defined twice`);
    names.set(n, kind);
  };
  const acls = new Map<string, string[]>();
  const interfaces = new Set<string>();
  let parent: 'object' | 'group' | 'service' | undefined;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const at = i + 1;
    let m: RegExpMatchArray | null;
    const bad = (why: string) => errors.push(`line ${at}: ${why}: ${JSON.stringify(line)}`);
    if (line === '') return;
    if (line.startsWith('!')) {
      parent = undefined;
      if (!TEXT.test(line)) bad('comment not printable ASCII');
      return;
    }
    if (line.startsWith(' ')) {
      const body = line.slice(1);
      if ((m = body.match(/^description (.*)$/))) {
        if (!parent || parent === 'service') bad('description outside an object');
        if (!TEXT.test(m[1]!) || m[1]!.length > 200 || !m[1]!.trim()) bad('bad description');
        return;
      }
      if (parent === 'object') {
        if ((m = body.match(/^host (\S+)$/)) && (ip(m[1]!, 4) || ip(m[1]!, 6))) return;
        if ((m = body.match(/^subnet (\S+) (\S+)$/)) && ip(m[1]!, 4) && mask(m[2]!)) return;
        if ((m = body.match(/^subnet ([0-9a-f:]+)\/(\d+)$/)) && ip(m[1]!, 6) && Number(m[2]) <= 128) return;
        if ((m = body.match(/^fqdn v[46] ([a-z0-9.-]+)$/i)) && !m[1]!.startsWith('*')) return;
        return bad('not an object network line');
      }
      if (parent === 'group') {
        if ((m = body.match(/^network-object host (\S+)$/)) && (ip(m[1]!, 4) || ip(m[1]!, 6))) return;
        if ((m = body.match(/^network-object (\S+) (\S+)$/)) && ip(m[1]!, 4) && mask(m[2]!)) return;
        if ((m = body.match(/^network-object ([0-9a-f:]+)\/(\d+)$/)) && ip(m[1]!, 6)) return;
        if ((m = body.match(new RegExp(`^network-object object ${NAME}$`))) && names.get(m[1]!) === 'object') return;
        return bad('not an object-group network line (or an undefined member)');
      }
      if (parent === 'service') {
        if ((m = body.match(/^port-object eq (\d+)$/)) && Number(m[1]) <= 65535) return;
        if ((m = body.match(/^port-object range (\d+) (\d+)$/)) && Number(m[1]) < Number(m[2]) && Number(m[2]) <= 65535) return;
        return bad('not a port-object line');
      }
      return bad('indented line without a parent');
    }
    parent = undefined;
    if ((m = line.match(new RegExp(`^object network ${NAME}$`)))) return define(m[1]!, 'object', at), (parent = 'object');
    if ((m = line.match(new RegExp(`^object-group network ${NAME}$`)))) return define(m[1]!, 'group', at), (parent = 'group');
    if ((m = line.match(new RegExp(`^object-group service ${NAME} (tcp|udp)$`)))) return define(m[1]!, 'service', at), (parent = 'service');
    if ((m = line.match(new RegExp(`^access-list ${NAME} remark (.+)$`)))) {
      if (m[2]!.length > REMARK_MAX || !TEXT.test(m[2]!)) bad('bad remark');
      return;
    }
    const ADDR = `(any|object ${NAME}|object-group ${NAME})`;
    const PORT = `(eq \\d+|range \\d+ \\d+|object-group ${NAME})`;
    if ((m = line.match(new RegExp(`^access-list ${NAME} extended permit (tcp|udp) ${ADDR} ${ADDR} ${PORT}$`)))) {
      const [, acl, , src, , , dst, , , port] = m;
      for (const a of [src!, dst!]) {
        const [kw, n] = a.split(' ');
        if (kw === 'object' && names.get(n!) !== 'object') bad(`undefined object ${n}`);
        if (kw === 'object-group' && names.get(n!) !== 'group') bad(`undefined network group ${n}`);
      }
      if (port!.startsWith('object-group') && names.get(port!.split(' ')[1]!) !== 'service') bad('undefined service group');
      acls.set(acl!, [...(acls.get(acl!) ?? []), 'permit']);
      return;
    }
    if ((m = line.match(new RegExp(`^access-list ${NAME} extended deny ip any any log$`)))) return void acls.set(m[1]!, [...(acls.get(m[1]!) ?? []), 'deny']);
    if ((m = line.match(new RegExp(`^access-group ${NAME} in interface ${NAME}$`)))) {
      if (!acls.has(m[1]!)) bad('access-group of an undefined ACL');
      if (interfaces.has(m[2]!)) bad('second ACL on one interface');
      interfaces.add(m[2]!);
      return;
    }
    bad('unknown command');
  });
  for (const [acl, aces] of acls) if (aces[aces.length - 1] !== 'deny' || aces.filter((a) => a === 'deny').length !== 1) errors.push(`${acl} does not end in the one explicit deny`);
  return errors;
}

describe('asa', () => {
  for (const fixture of ['four-zone', 'hyperv-agents'])
    test(`golden ${fixture} zone-firewall`, async () => {
      const { text, files } = render(fixture);
      expect(files.map((f) => f.path)).toEqual(['zone-firewall.asa']);
      await expect(text).toMatchFileSnapshot(`__golden__/${fixture}.zone-firewall.asa`);
    });

  test.each(['four-zone', 'hyperv-agents', 'hostile'])('%s: every line reads back through the ASA line grammar', (fixture) => {
    expect(checkAsa(render(fixture).text)).toEqual([]);
  });

  test('the grammar check can fail', () => {
    const { text } = render('four-zone');
    expect(checkAsa(`${text}access-list x remark ${'a'.repeat(101)}\n`)).not.toEqual([]);
    expect(checkAsa(text.replace('object network vbr01', 'object network vbr01"'))).not.toEqual([]);
    expect(checkAsa(text.replace(/^access-list internet_access_in extended deny ip any any log$/m, ''))).not.toEqual([]);
    expect(checkAsa(text.replace('object network vcsa01', 'object network vcsa02'))).not.toEqual([]);
  });

  test('hostile names stay inside comments, remarks and descriptions', () => {
    const { text } = render('hostile');
    for (const line of text.split('\n').filter((l) => /rm -rf|DROP TABLE|\$\(|`|accept;/.test(l)))
      expect(line).toMatch(/^(!|access-list \S+ remark | description )/);
    expect(text).not.toMatch(/[^\x20-\x7e\n]|\?/);
    // Zone names become legal nameifs; the ACL of each is bound to its interface.
    expect(text).toMatch(/^access-group mgmt_drop_\w+_access_in in interface mgmt_drop_\w+$/m);
  });

  test('IPv4 and IPv6 in one extended ACL; a rule whose ends share no family is reported', () => {
    const { text, diagnostics } = render('hyperv-agents');
    expect(text).toContain('object-group network vbr\n description vbr (host, zone mgmt)\n network-object host 192.0.2.10\n network-object host 2001:db8:10::10\n');
    expect(diagnostics).toMatchObject([
      { code: 'RENDER_UNSUPPORTED', severity: 'warning', message: expect.stringContaining('mgmt-to-storage-01') },
      { code: 'RENDER_UNSUPPORTED', severity: 'warning', message: expect.stringContaining('mgmt-to-storage-02') },
    ]);
    expect(text).not.toContain('mgmt-to-storage-01:');
  });

  test('FQDN objects (fqdn v4 and v6) and any for the internet; every rule is in the output', () => {
    const { text, diagnostics } = render('four-zone');
    expect(diagnostics).toEqual([]);
    expect(text).toContain('object network s3_v4\n fqdn v4 s3.eu-central-1.amazonaws.com\n');
    expect(text).toContain('object network s3_v6\n fqdn v6 s3.eu-central-1.amazonaws.com\n');
    expect(text).toMatch(/^access-list management_access_in extended permit tcp object vbr01 object-group s3 eq 443$/m);
    expect(text).toMatch(/^access-list internet_access_in extended permit udp any object ccgw01 eq 6180$/m);
    const policy = policyFor('four-zone', 'zone-firewall');
    for (const r of policy.rules) expect(text).toContain(`remark ${r.name}: `);
  });

  test('one ACL per zone, each bound inbound to its interface, each ending in the deny', () => {
    const { text } = render('four-zone');
    const groups = [...text.matchAll(/^access-group (\S+) in interface (\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(groups).toEqual(['management', 'production', 'backup-data', 'recovery', 'internet'].map((z) => [`${z}_access_in`, z]));
  });

  test('port lists become service object groups; single ports and ranges stay inline', () => {
    const { text } = render('four-zone');
    expect(text).toContain('object-group service tcp_135_445_6173 tcp\n port-object eq 135\n port-object eq 445\n port-object eq 6173\n');
    expect(text).toMatch(/ object-group grp_production_10pv8q7 range 2500 3300$/m);
  });

  test('deploy-phase rules say so', () => {
    const policy = policyFor('four-zone', 'zone-firewall', undefined, { phase: 'deploy' });
    const deploy = policy.rules.filter((r) => r.phase === 'deploy');
    expect(deploy.length).toBeGreaterThan(0);
    const text = String(asa.render(policy, { outbound: false }).files[0]!.content);
    expect(text.split('remark deploy phase only: remove after installation or upgrade.').length - 1).toBe(deploy.length);
  });

  test('deterministic', () => {
    expect(render('hyperv-agents').text).toBe(render('hyperv-agents').text);
  });

  test('a wildcard FQDN is refused with an error, not dropped silently', () => {
    const policy = policyFor('four-zone', 'zone-firewall');
    policy.addresses.find((a) => a.id === 's3')!.fqdns = ['*.amazonaws.com'];
    const toS3 = policy.rules.filter((r) => r.destination.id === 's3').length;
    expect(toS3).toBeGreaterThan(0);
    const r = asa.render(policy, { outbound: false });
    expect(r.diagnostics.filter((d) => d.code === 'RENDER_FQDN_UNSUPPORTED').length).toBe(toS3);
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
    expect(String(r.files[0]!.content)).not.toContain('amazonaws');
  });

  test('zone firewall only: the host scope is refused', () => {
    const out = renderPlan(buildPlan(policyFor('four-zone', 'zone-firewall').deployment), asa, { scope: 'host', host: 'repo01' });
    expect(out).toMatchObject({ ok: false, diagnostics: [{ code: 'RENDER_UNSUPPORTED' }] });
    const direct = asa.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false });
    expect(direct).toMatchObject({ files: [], diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error' }] });
  });
});
