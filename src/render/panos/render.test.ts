import { describe, expect, test } from 'vitest';
import { policyFor } from '../../../test/helpers.js';
import { parseCidr } from '../../net/ip.js';
import { buildPlan } from '../../plan/plan.js';
import { renderPlan } from '../render.js';
import { panos } from './index.js';

const render = (fixture: string) => {
  const r = panos.render(policyFor(fixture, 'zone-firewall'), { outbound: false });
  return { text: String(r.files[0]?.content ?? ''), diagnostics: r.diagnostics, files: r.files };
};

/**
 * A line grammar of the PAN-OS `set` commands the renderer may write, read back: every line is
 * a comment or one of these commands, names are legal (at most 63 characters, zones 31), defined
 * once and before use, descriptions are balanced double-quoted printable ASCII without `"`, `\`
 * or `?`, and the last rule is the interzone deny.
 */
function checkPanos(text: string): string[] {
  const errors: string[] = [];
  const N = '([A-Za-z][A-Za-z0-9_-]{0,62})';
  const Z = '([A-Za-z][A-Za-z0-9_-]{0,30})';
  const Q = '"([\\x20-\\x21\\x23-\\x3e\\x40-\\x5b\\x5d-\\x7e]{0,1023})"';
  const LIST = `(any|\\[(?: ${N.slice(1, -1)})+ \\])`;
  const zones = new Set<string>();
  const addresses = new Map<string, 'address' | 'group'>();
  const services = new Set<string>();
  const rules: string[] = [];
  const unique = (set: Set<string> | Map<string, unknown>, n: string, bad: (why: string) => void) => {
    if ([...set.keys()].some((k) => k.toLowerCase() === n.toLowerCase())) bad(`${n} defined twice`);
  };
  const members = (list: string): string[] => (list === 'any' ? [] : list.slice(2, -2).split(' '));
  text.split('\n').forEach((line, i) => {
    let m: RegExpMatchArray | null;
    const bad = (why: string) => errors.push(`line ${i + 1}: ${why}: ${JSON.stringify(line)}`);
    if (line === '') return;
    if (line.startsWith('#')) {
      if (!/^#( [\x20-\x3e\x40-\x7e]*)?$/.test(line)) bad('comment not printable ASCII');
      return;
    }
    if ((m = line.match(new RegExp(`^set zone ${Z} network layer3 \\[ \\]$`)))) return unique(zones, m[1]!, bad), void zones.add(m[1]!);
    if ((m = line.match(new RegExp(`^set address ${N} ip-netmask (\\S+)$`)))) {
      if (!parseCidr(m[2]!).ok || !m[2]!.includes('/')) bad('bad prefix');
      return unique(addresses, m[1]!, bad), void addresses.set(m[1]!, 'address');
    }
    if ((m = line.match(new RegExp(`^set address ${N} fqdn ([a-z0-9][a-z0-9.-]*)$`, 'i')))) return unique(addresses, m[1]!, bad), void addresses.set(m[1]!, 'address');
    if ((m = line.match(new RegExp(`^set address ${N} description ${Q}$`)))) return void (addresses.get(m[1]!) !== 'address' && bad('description of an undefined address'));
    if ((m = line.match(new RegExp(`^set address-group ${N} static ${LIST}$`)))) {
      for (const x of members(m[2]!)) if (addresses.get(x) !== 'address') bad(`undefined member ${x}`);
      return unique(addresses, m[1]!, bad), void addresses.set(m[1]!, 'group');
    }
    if ((m = line.match(new RegExp(`^set address-group ${N} description ${Q}$`)))) return void (addresses.get(m[1]!) !== 'group' && bad('description of an undefined group'));
    if ((m = line.match(new RegExp(`^set service ${N} protocol (tcp|udp) port (\\d+(?:-\\d+)?(?:,\\d+(?:-\\d+)?)*)$`)))) {
      for (const p of m[3]!.split(',')) {
        const [a, b = a] = p.split('-').map(Number);
        if (!(a! <= b! && b! <= 65535)) bad('bad port');
      }
      return unique(services, m[1]!, bad), void services.add(m[1]!);
    }
    if ((m = line.match(new RegExp(`^set rulebase security rules ${N} from ${Z} to ${Z} source ${LIST} destination ${LIST} application any service ${LIST} action allow description ${Q}$`)))) {
      const [, name, from, to, src, dst, svc] = m;
      if (!zones.has(from!) || !zones.has(to!) || from === to) bad('bad zones');
      for (const x of [...members(src!), ...members(dst!)]) if (!addresses.has(x)) bad(`undefined address ${x}`);
      if (svc === 'any') bad('an allow rule with service any');
      for (const x of members(svc!)) if (!services.has(x)) bad(`undefined service ${x}`);
      if (rules.includes(name!)) bad('rule defined twice');
      rules.push(name!);
      return;
    }
    if ((m = line.match(new RegExp(`^set rulebase security rules ${N} from any to any source any destination any application any service any action deny rule-type interzone log-end yes description ${Q}$`)))) return void rules.push(`deny:${m[1]!}`);
    bad('unknown command');
  });
  if (!rules[rules.length - 1]?.startsWith('deny:') || rules.filter((r) => r.startsWith('deny:')).length !== 1) errors.push('the interzone deny is not the one last rule');
  return errors;
}

describe('panos', () => {
  for (const fixture of ['four-zone', 'hyperv-agents'])
    test(`golden ${fixture} zone-firewall`, async () => {
      const { text, files } = render(fixture);
      expect(files.map((f) => f.path)).toEqual(['zone-firewall.panos']);
      await expect(text).toMatchFileSnapshot(`__golden__/${fixture}.zone-firewall.panos`);
    });

  test.each(['four-zone', 'hyperv-agents', 'hostile'])('%s: every line reads back through the PAN-OS line grammar', (fixture) => {
    expect(checkPanos(render(fixture).text)).toEqual([]);
  });

  test('the grammar check can fail', () => {
    const { text } = render('four-zone');
    expect(checkPanos(text.replace('description "vbr01', 'description "vbr"01'))).not.toEqual([]);
    expect(checkPanos(text.replace('set zone production network layer3 [ ]\n', ''))).not.toEqual([]);
    expect(checkPanos(text.replace(/^set rulebase security rules vbrwall-default-deny .*$/m, ''))).not.toEqual([]);
    expect(checkPanos(`${text}set address x description "?"\n`)).not.toEqual([]);
  });

  test('hostile names stay inside comments and descriptions', () => {
    const { text } = render('hostile');
    for (const line of text.split('\n').filter((l) => /rm -rf|DROP TABLE|\$\(|`|accept;/.test(l))) expect(line).toMatch(/^(# |.* description "[^"]*"$)/);
    expect(text).not.toMatch(/[^\x20-\x7e\n]|\?/);
    expect(text).toMatch(/^set rulebase security rules mgmt_drop_\w+-to-data_id_x__\w+-01 from mgmt_drop_\w+ to data_id_x__\w+ /m);
  });

  test('zone names are at most 31 characters', () => {
    const policy = policyFor('four-zone', 'zone-firewall');
    const long = 'a-very-long-zone-name-beyond-thirty-one-characters';
    for (const r of policy.rules) {
      if (r.fromZone === 'management') r.fromZone = long;
      if (r.toZone === 'management') r.toZone = long;
    }
    policy.deployment = { ...policy.deployment, zones: policy.deployment.zones.map((z) => (z.name === 'management' ? { ...z, name: long } : z)) };
    const text = String(panos.render(policy, { outbound: false }).files[0]!.content);
    expect(checkPanos(text)).toEqual([]);
    expect(text).toMatch(/^set zone a-very-long-zone-name-b_\w{7} network layer3 \[ \]$/m);
  });

  test('IPv4 and IPv6 prefixes in one address group; the rule with no common family is reported', () => {
    const { text, diagnostics } = render('hyperv-agents');
    expect(text).toContain('set address vbr_1 ip-netmask 192.0.2.10/32\nset address vbr_2 ip-netmask 2001:db8:10::10/128\nset address-group vbr static [ vbr_1 vbr_2 ]\n');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['RENDER_UNSUPPORTED', 'warning'],
      ['RENDER_UNSUPPORTED', 'warning'],
    ]);
  });

  test('FQDN objects, any for the internet, and every rule with its reasons', () => {
    const { text, diagnostics } = render('four-zone');
    expect(diagnostics).toEqual([]);
    expect(text).toContain('set address s3 fqdn s3.eu-central-1.amazonaws.com\n');
    expect(text).toMatch(/^set rulebase security rules internet-to-recovery-01 from internet to recovery source any destination \[ ccgw01 \] application any service \[ tcp_6180 udp_6180 \] action allow description "internet-to-recovery-01: tenants -> ccgw01 \| /m);
    for (const r of policyFor('four-zone', 'zone-firewall').rules) expect(text).toContain(`set rulebase security rules ${r.name} from `);
  });

  test('deploy-phase rules say so', () => {
    const policy = policyFor('four-zone', 'zone-firewall', undefined, { phase: 'deploy' });
    const deploy = policy.rules.filter((r) => r.phase === 'deploy');
    expect(deploy.length).toBeGreaterThan(0);
    const text = String(panos.render(policy, { outbound: false }).files[0]!.content);
    expect(text.split('| deploy phase only: remove after installation or upgrade. |').length - 1).toBe(deploy.length);
  });

  test('deterministic', () => {
    expect(render('four-zone').text).toBe(render('four-zone').text);
  });

  test('zone firewall only: the host scope is refused', () => {
    const out = renderPlan(buildPlan(policyFor('four-zone', 'zone-firewall').deployment), panos, { scope: 'host', host: 'repo01' });
    expect(out).toMatchObject({ ok: false, diagnostics: [{ code: 'RENDER_UNSUPPORTED' }] });
    expect(panos.render(policyFor('four-zone', 'host', 'repo01'), { outbound: false })).toMatchObject({ files: [], diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error' }] });
  });
});
