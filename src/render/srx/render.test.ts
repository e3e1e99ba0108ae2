import { describe, expect, test } from 'vitest';
import { policyFor } from '../../../test/helpers.js';
import { parseCidr } from '../../net/ip.js';
import { buildPlan } from '../../plan/plan.js';
import { renderPlan } from '../render.js';
import { srx } from './index.js';
import { srxString } from './quote.js';

const render = (fixture: string) => {
  const r = srx.render(policyFor(fixture, 'zone-firewall'), { outbound: false });
  return { text: String(r.files[0]?.content ?? ''), diagnostics: r.diagnostics, files: r.files };
};

/**
 * A line grammar of the Junos `set` commands the renderer may write, read back: every line is a
 * comment or one of these commands; names are legal, at most 63 characters, not reserved, and
 * defined before use in the right namespace (addresses and address sets share one, applications
 * and application sets another); descriptions are balanced double-quoted printable ASCII; every
 * policy has a source, a destination, an application and `then permit`; the default policy denies.
 */
function checkSrx(text: string): string[] {
  const errors: string[] = [];
  const N = '([A-Za-z][A-Za-z0-9_-]{0,62})';
  const Q = '"([\\x20-\\x21\\x23-\\x3e\\x40-\\x5b\\x5d-\\x7e]*)"';
  const zones = new Set<string>();
  const book = new Map<string, 'address' | 'set'>();
  const apps = new Map<string, { kind: 'app' | 'set'; protocol?: boolean; port?: boolean }>();
  const policies = new Map<string, { zones: string; parts: Set<string> }>();
  let defaultDeny = false;
  text.split('\n').forEach((line, i) => {
    let m: RegExpMatchArray | null;
    const bad = (why: string) => errors.push(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    const reserved = (n: string) => /^(any|any-ipv4|any-ipv6|all|global|junos-.*)$/i.test(n) && bad(`reserved name ${n}`);
    const defineBook = (n: string, kind: 'address' | 'set') => {
      reserved(n);
      const had = book.get(n);
      if (had && (had !== kind || kind === 'address')) bad(`${n} defined twice`);
      book.set(n, kind);
    };
    if (line === '') return;
    if (line.startsWith('#')) return void (!/^#( [\x20-\x3e\x40-\x7e]*)?$/.test(line) && bad('comment not printable ASCII'));
    if ((m = line.match(new RegExp(`^set security zones security-zone ${N}$`)))) {
      reserved(m[1]!);
      if (zones.has(m[1]!)) bad('zone defined twice');
      return void zones.add(m[1]!);
    }
    const BOOK = '^set security address-book global';
    if ((m = line.match(new RegExp(`${BOOK} address ${N} (\\S+)$`))) && parseCidr(m[2]!).ok && m[2]!.includes('/')) return defineBook(m[1]!, 'address');
    if ((m = line.match(new RegExp(`${BOOK} address ${N} dns-name ([a-z0-9][a-z0-9.-]*)$`, 'i')))) return defineBook(m[1]!, 'address');
    if ((m = line.match(new RegExp(`${BOOK} address ${N} description ${Q}$`)))) return void ((book.get(m[1]!) !== 'address' || m[2]!.length > 255) && bad('bad address description'));
    if ((m = line.match(new RegExp(`${BOOK} address-set ${N} address ${N}$`)))) {
      if (book.get(m[2]!) !== 'address') bad(`undefined address ${m[2]}`);
      return defineBook(m[1]!, 'set');
    }
    if ((m = line.match(new RegExp(`${BOOK} address-set ${N} description ${Q}$`)))) return void (book.get(m[1]!) !== 'set' && bad('description of an undefined set'));
    if ((m = line.match(new RegExp(`^set applications application ${N} protocol (tcp|udp)$`)))) {
      reserved(m[1]!);
      if (apps.has(m[1]!)) bad('application defined twice');
      return void apps.set(m[1]!, { kind: 'app', protocol: true });
    }
    if ((m = line.match(new RegExp(`^set applications application ${N} destination-port (\\d+)(?:-(\\d+))?$`)))) {
      const app = apps.get(m[1]!);
      const [lo, hi = lo] = [Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
      if (!app?.protocol || app.port || !(lo <= hi! && hi! <= 65535)) bad('bad destination-port');
      if (app) app.port = true;
      return;
    }
    if ((m = line.match(new RegExp(`^set applications application-set ${N} application ${N}$`)))) {
      if (apps.get(m[2]!)?.kind !== 'app') bad(`undefined application ${m[2]}`);
      if (apps.get(m[1]!)?.kind === 'app') bad('set named like an application');
      return void apps.set(m[1]!, { kind: 'set' });
    }
    if ((m = line.match(new RegExp(`^set security policies from-zone ${N} to-zone ${N} policy ${N} (.*)$`)))) {
      const [, from, to, name, rest] = m;
      if (!zones.has(from!) || !zones.has(to!) || from === to) bad('bad zones');
      const p = policies.get(name!) ?? { zones: `${from} ${to}`, parts: new Set<string>() };
      if (p.zones !== `${from} ${to}`) bad('policy name used in two zone pairs');
      policies.set(name!, p);
      let r: RegExpMatchArray | null;
      if ((r = rest!.match(new RegExp(`^description ${Q}$`)))) return void (r[1]!.length > 900 && bad('description too long'));
      if ((r = rest!.match(new RegExp(`^match (source|destination)-address (any|${N.slice(1, -1)})$`)))) {
        if (r[2] !== 'any' && !book.has(r[2]!)) bad(`undefined address ${r[2]}`);
        return void p.parts.add(r[1]!);
      }
      if ((r = rest!.match(new RegExp(`^match application ${N}$`)))) {
        const app = apps.get(r[1]!);
        if (!app || (app.kind === 'app' && !app.port)) bad(`undefined application ${r[1]}`);
        return void p.parts.add('application');
      }
      if (rest === 'then permit') return void p.parts.add('permit');
      return bad('unknown policy statement');
    }
    if (line === 'set security policies default-policy deny-all') return void (defaultDeny = true);
    bad('unknown command');
  });
  for (const [name, p] of policies) if (p.parts.size !== 4) errors.push(`policy ${name} is incomplete: ${[...p.parts].join(', ')}`);
  if (!defaultDeny) errors.push('no default-policy deny-all');
  return errors;
}

describe('srx', () => {
  for (const fixture of ['four-zone', 'hyperv-agents'])
    test(`golden ${fixture} zone-firewall`, async () => {
      const { text, files } = render(fixture);
      expect(files.map((f) => f.path)).toEqual(['zone-firewall.srx']);
      await expect(text).toMatchFileSnapshot(`__golden__/${fixture}.zone-firewall.srx`);
    });

  test.each(['four-zone', 'hyperv-agents', 'hostile'])('%s: every line reads back through the Junos line grammar', (fixture) => {
    expect(checkSrx(render(fixture).text)).toEqual([]);
  });

  test('the grammar check can fail', () => {
    const { text } = render('four-zone');
    expect(checkSrx(text.replace('description "vbr01', 'description "vbr"01'))).not.toEqual([]);
    expect(checkSrx(text.replace('set security zones security-zone recovery\n', ''))).not.toEqual([]);
    expect(checkSrx(text.replace('set security policies default-policy deny-all', ''))).not.toEqual([]);
    expect(checkSrx(text.replace(/^(set security policies .* policy management-to-production-01) then permit$/m, ''))).not.toEqual([]);
  });

  test('quoting', () => {
    expect(srxString('a "b" \\c\nd? ü')).toBe(`"a 'b' /c d_ u"`);
    expect(srxString('x'.repeat(300)).length).toBe(257);
  });

  test('hostile names stay inside comments and descriptions; reserved names are renamed', () => {
    const { text } = render('hostile');
    for (const line of text.split('\n').filter((l) => /rm -rf|DROP TABLE|\$\(|`|accept;/.test(l))) expect(line).toMatch(/^(# |.* description "[^"]*"$)/);
    expect(text).not.toMatch(/[^\x20-\x7e\n]|\?/);
    const policy = policyFor('four-zone', 'zone-firewall');
    policy.deployment = { ...policy.deployment, zones: policy.deployment.zones.map((z) => (z.name === 'internet' ? { ...z, name: 'junos-host' } : z)) };
    for (const r of policy.rules) {
      if (r.fromZone === 'internet') r.fromZone = 'junos-host';
      if (r.toZone === 'internet') r.toZone = 'junos-host';
    }
    const renamed = String(srx.render(policy, { outbound: false }).files[0]!.content);
    expect(checkSrx(renamed)).toEqual([]);
    expect(renamed).toMatch(/^set security zones security-zone v_junos-host_\w{7}$/m);
  });

  test('IPv6 prefixes in the global address book; the rule with no common family is reported', () => {
    const { text, diagnostics } = render('hyperv-agents');
    expect(text).toContain('set security address-book global address vbr_2 2001:db8:10::10/128\n');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['RENDER_UNSUPPORTED', 'warning'],
      ['RENDER_UNSUPPORTED', 'warning'],
    ]);
  });

  test('dns-name addresses, any for the internet, application sets, every rule', () => {
    const { text, diagnostics } = render('four-zone');
    expect(diagnostics).toEqual([]);
    expect(text).toContain('set security address-book global address s3 dns-name s3.eu-central-1.amazonaws.com\n');
    expect(text).toMatch(/^set security policies from-zone internet to-zone recovery policy internet-to-recovery-01 match source-address any$/m);
    expect(text).toContain('set applications application-set tcp_135_445_6173 application tcp_135\n');
    expect(text).toContain('set applications application tcp_2500-3300 destination-port 2500-3300\n');
    for (const r of policyFor('four-zone', 'zone-firewall').rules) expect(text).toContain(` policy ${r.name} then permit\n`);
  });

  test('deploy-phase rules say so', () => {
    const policy = policyFor('four-zone', 'zone-firewall', undefined, { phase: 'deploy' });
    const deploy = policy.rules.filter((r) => r.phase === 'deploy');
    expect(deploy.length).toBeGreaterThan(0);
    const text = String(srx.render(policy, { outbound: false }).files[0]!.content);
    expect(text.split('| deploy phase only: remove after installation or upgrade. |').length - 1).toBe(deploy.length);
  });

  test('deterministic', () => {
    expect(render('four-zone').text).toBe(render('four-zone').text);
  });

  test('zone firewall only: the host scope is refused', () => {
    const out = renderPlan(buildPlan(policyFor('four-zone', 'zone-firewall').deployment), srx, { scope: 'host', host: 'repo01' });
    expect(out).toMatchObject({ ok: false, diagnostics: [{ code: 'RENDER_UNSUPPORTED' }] });
    expect(srx.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false })).toMatchObject({ files: [], diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error' }] });
  });
});
