/**
 * Fortinet FortiOS (FortiGate, 7.x): the zone firewall as CLI configuration.
 * - every zone is a `config system zone` entry (add its interfaces) and the policies match it as
 *   `srcintf`/`dstintf`;
 * - IPv4 addresses are `config firewall address` (`subnet` or `type fqdn`) and `addrgrp`, IPv6
 *   ones `config firewall address6` (`ip6` or `type fqdn`) and `addrgrp6`; an FQDN object is in
 *   both tables; the internet is the prefixes 0.0.0.0/0 and ::/0 as objects of their own;
 * - `config firewall service custom` with `tcp-portrange`/`udp-portrange "6162 2500-3300"`;
 * - one `config firewall policy` entry per rule (`edit 0`: the next free id; names are unique
 *   per VDOM), IPv4 and IPv6 in one policy (`srcaddr`/`dstaddr`, `srcaddr6`/`dstaddr6`; a
 *   policy holds the families both ends have), `schedule "always"`, the reasons in `comments`.
 * FortiOS ends the policy list with its implicit deny (policy 0), so what no policy accepts is
 * dropped; sessions carry their return traffic (stateful).
 *
 * Syntax checked against the FortiOS documentation: FortiGate CLI Reference "firewall {policy |
 * policy6}" (https://docs.fortinet.com/document/fortigate/6.0.0/cli-reference/491762/firewall-policy-policy6),
 * "Technical Tip: Consolidated IPv4 and IPv6 policies"
 * (https://community.fortinet.com/t5/FortiGate/Technical-Tip-Consolidated-IPv4-and-IPv6-policies/ta-p/191945:
 * srcaddr6/dstaddr6 in `config firewall policy` since 6.4, families must match), FortiOS 6.0
 * Handbook "Policy names" (https://docs.fortinet.com/document/fortigate/6.0.0/handbook/473851/policy-names:
 * `edit 0`, unique names), the CLI Reference "Tips" and "CLI command syntax" pages (quotes in
 * pairs, `\` escapes, `?` opens help), and aerleon lib/fortigate.py (FORTIGATE_COMMENT_LIMIT 1023).
 * @module
 */
import { formatCidr, formatIp, type Cidr, type Family } from '../../net/ip.js';
import type { AddressObject, Policy, Rule, Service } from '../../policy/types.js';
import { commonFamilies, netmask4, rangeText, reasonTexts, serviceBase, usedAddresses, zoneNames, zoneRules, type Names } from '../_shared/zone.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { headerLines } from '../_shared/header.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { fortiosComment, fortiosString, objectNames, policyNames, POLICY_COMMENT_MAX, zoneNameSpace } from './quote.js';

const I1 = '    ';
const I2 = '        ';

/** One entry of an address table: its name and `set` lines. */
interface Entry {
  name: string;
  sets: string[];
}

interface Tables {
  address: Entry[];
  address6: Entry[];
  addrgrp: Entry[];
  addrgrp6: Entry[];
  /** Object id → the name a policy uses, per family (absent: the object has no such addresses). */
  refs: Map<string, Partial<Record<Family, string>>>;
}

const subnet = (c: Cidr): string => (c.family === 4 ? `set subnet ${formatIp(4, c.base)} ${netmask4(c.prefix)}` : `set ip6 ${formatCidr(c)}`);

/** Objects and the families the policies need them in (an object only in IPv6 rules gets no IPv4 entry). */
function neededFamilies(rules: readonly Rule[]): Map<string, Set<Family>> {
  const need = new Map<string, Set<Family>>();
  for (const r of rules)
    for (const f of commonFamilies(r))
      for (const o of [r.source, r.destination]) {
        let s = need.get(o.id);
        if (!s) need.set(o.id, (s = new Set()));
        s.add(f);
      }
  return need;
}

function addressTables(objs: readonly AddressObject[], need: Map<string, Set<Family>>, names: Names): Tables {
  const t: Tables = { address: [], address6: [], addrgrp: [], addrgrp6: [], refs: new Map() };
  // Made once per object and family: the names are planned from them, then the tables.
  const made = new Map<string, string[][]>();
  const members = (o: AddressObject, f: Family): string[][] => {
    const key = `${f}|${o.id}`;
    let m = made.get(key);
    if (!m)
      made.set(key, (m = [...o.cidrs.filter((c) => c.family === f).map((c) => [subnet(c)]), ...o.fqdns.map((q) => ['set type fqdn', `set fqdn ${fortiosString(q)}`])]));
    return m;
  };
  // The names a policy uses come first, in id order, so they follow the ids; members after.
  const planned = objs.flatMap((o) => ([4, 6] as const).filter((f) => need.get(o.id)?.has(f) && members(o, f).length).map((f) => ({ o, f, name: names.take(f === 4 ? o.id : `${o.id}_v6`) })));
  for (const { o, f, name } of planned) {
    const comment = `set comment ${fortiosString(`${o.label} (${o.kind}${o.zone !== undefined ? `, zone ${o.zone}` : ''}${f === 6 ? ', IPv6' : ''})`)}`;
    const [table, groups] = f === 4 ? [t.address, t.addrgrp] : [t.address6, t.addrgrp6];
    const ms = members(o, f);
    if (ms.length === 1) table.push({ name, sets: [...ms[0]!, comment] });
    else {
      const memberNames = ms.map((sets, i) => {
        const m = names.take(`${name}_${i + 1}`);
        table.push({ name: m, sets });
        return m;
      });
      groups.push({ name, sets: [`set member ${memberNames.map((m) => fortiosString(m)).join(' ')}`, comment] });
    }
    t.refs.set(o.id, { ...t.refs.get(o.id), [f]: name });
  }
  return t;
}

/** A `config` block of entries, pushed line by line (large policies: no spread of long arrays). */
function block(out: Lines, path: string, entries: readonly Entry[]): void {
  if (!entries.length) return;
  out.push(`config ${path}`);
  for (const e of entries) {
    out.push(`${I1}edit ${fortiosString(e.name)}`);
    for (const s of e.sets) out.push(`${I2}${s}`);
    out.push(`${I1}next`);
  }
  out.push('end');
}

export function renderFortios(policy: Policy, _opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = zoneRules(policy, 'fortios');
  if (policy.scope !== 'zone-firewall') return { files: [], diagnostics };
  const zones = zoneNames(policy, zoneNameSpace());
  const names = objectNames();
  const tables = addressTables(usedAddresses(rules), neededFamilies(rules), names);

  const services: Entry[] = [];
  const serviceByKey = new Map<string, string>();
  const service = (s: Service): string => {
    const key = serviceBase(s.protocol, s.ports);
    let name = serviceByKey.get(key);
    if (!name) {
      name = names.take(key);
      serviceByKey.set(key, name);
      services.push({ name, sets: [`set ${s.protocol}-portrange ${s.ports.map((p) => rangeText(p)).join(' ')}`] });
    }
    return name;
  };

  const pnames = policyNames();
  // Object, zone and service names are quoted once each: policies name them thousands of times.
  const quoted = new Map<string, string>();
  const q = (name: string): string => {
    let t = quoted.get(name);
    if (t === undefined) quoted.set(name, (t = fortiosString(name)));
    return t;
  };
  const policies = rules.map((r) => {
    const src = tables.refs.get(r.source.id)!;
    const dst = tables.refs.get(r.destination.id)!;
    const sets = [`set srcintf ${q(zones.get(r.fromZone)!)}`, `set dstintf ${q(zones.get(r.toZone)!)}`];
    for (const f of commonFamilies(r)) {
      const suffix = f === 4 ? '' : '6';
      sets.push(`set srcaddr${suffix} ${q(src[f]!)}`, `set dstaddr${suffix} ${q(dst[f]!)}`);
    }
    sets.push(
      'set action accept',
      'set schedule "always"',
      `set service ${r.services.map((s) => q(service(s))).join(' ')}`,
      'set logtraffic all',
      `set comments ${fortiosString(reasonTexts(r).join(' | '), POLICY_COMMENT_MAX)}`,
    );
    return { name: pnames.take(r.name), sets };
  });

  const lines = new Lines();
  lines.addAll([
    ...headerLines(policy, 'fortios').map(fortiosComment),
    '# Paste into the CLI (or run as a script); lines starting with # are comments. Add the interfaces of each zone.',
    ...policy.deployment.zones.map((z) => fortiosComment(`zone ${z.name}: ${zones.get(z.name)!}`)),
    '# Default deny: the implicit deny policy (policy 0) at the end of the list drops what no policy accepts.',
    '',
  ]);
  block(
    lines,
    'system zone',
    policy.deployment.zones.map((z) => ({ name: zones.get(z.name)!, sets: [] })),
  );
  block(lines, 'firewall address', tables.address);
  block(lines, 'firewall address6', tables.address6);
  block(lines, 'firewall addrgrp', tables.addrgrp);
  block(lines, 'firewall addrgrp6', tables.addrgrp6);
  block(lines, 'firewall service custom', services);
  if (policies.length) {
    lines.push('config firewall policy');
    for (const p of policies) {
      lines.push(`${I1}edit 0`, `${I2}set name ${fortiosString(p.name)}`);
      for (const set of p.sets) lines.push(`${I2}${set}`);
      lines.push(`${I1}next`);
    }
    lines.push('end');
  }
  lines.push('');
  return { files: [linesFile('zone-firewall.fortios', lines)], diagnostics };
}
