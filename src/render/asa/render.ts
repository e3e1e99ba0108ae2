/**
 * Cisco ASA (9.x): the zone firewall as ASA configuration commands.
 * - every zone is an interface whose nameif is the zone's legal name; each interface gets one
 *   inbound extended ACL (`<nameif>_access_in`, applied with `access-group … in interface`) that
 *   ends in an explicit `deny ip any any log`, so a zone without rules is closed too (an ASA
 *   interface without an ACL lets traffic go to lower security levels);
 * - addresses are `object network` (one host, subnet or FQDN) and `object-group network`
 *   (several; IPv4 and IPv6 mixed, as 9.x unified ACLs allow); an FQDN is two objects,
 *   `fqdn v4` and `fqdn v6`, in one group; `any` (IPv4 and IPv6 in 9.x) stands for the internet;
 * - several ports are an `object-group service NAME tcp|udp` of `port-object eq|range`;
 * - each rule's reasons are `remark` lines (at most 100 characters each) above its entries.
 * Stateful: the ASA lets return traffic through by its connection table.
 *
 * Syntax checked against the Cisco ASA Series Firewall CLI Configuration Guide 9.x: "Objects for
 * Access Control" (https://www.cisco.com/c/en/us/td/docs/security/asa/asa917/configuration/firewall/asa-917-firewall-config/access-objects.html:
 * network objects host/subnet/fqdn [v4|v6], object groups, mixed IPv4/IPv6 groups, name rules),
 * "Access Control Lists" (extended ACEs with objects, `any`/`any4`/`any6`, remarks of up to 100
 * characters, mixed IPv4/IPv6 in extended ACLs) and "Access Rules"
 * (https://www.cisco.com/c/en/us/td/docs/security/asa/asa919/configuration/firewall/asa-919-firewall-config/access-rules.html:
 * `access-group ACL in interface NAME`, the implicit deny at the end of an interface ACL).
 * @module
 */
import { formatCidr, formatIp, type Cidr } from '../../net/ip.js';
import type { AddressObject, Policy, Rule, Service } from '../../policy/types.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { headerLines } from '../_shared/header.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { asaComment, asaDescription, asaRemarks, nameifNames, objectNames } from './quote.js';
import { netmask4, reasonParts, serviceBase, usedAddresses, zoneNames, zoneRules, type Names } from '../_shared/zone.js';

/** How an ACE names an address: `any`, `object NAME` or `object-group NAME`. */
type AddressRef = string;

const isHost = (c: Cidr): boolean => c.prefix === (c.family === 4 ? 32 : 128);

/** `10.0.0.0 255.255.255.0` for IPv4, `2001:db8::/64` for IPv6. */
const network = (c: Cidr): string => (c.family === 4 ? `${formatIp(4, c.base)} ${netmask4(c.prefix)}` : formatCidr(c));

/** The body of an `object network`: `host A` or `subnet …`. */
const objectBody = (c: Cidr): string => (isHost(c) ? `host ${formatIp(c.family, c.base)}` : `subnet ${network(c)}`);

/** A `network-object` of a group: `host A` or the network. */
const groupMember = (c: Cidr): string => (isHost(c) ? `host ${formatIp(c.family, c.base)}` : network(c));

interface Objects {
  lines: string[];
  refs: Map<string, AddressRef>;
}

function addressObjects(objs: readonly AddressObject[], names: Names): Objects {
  const lines: string[] = [];
  const refs = new Map<string, AddressRef>();
  const kinds = objs.map((o) => ({ o, single: !o.any && o.cidrs.length === 1 && !o.fqdns.length }));
  // Names of the objects themselves first (they follow the ids), then the FQDN member objects.
  const main = new Map(kinds.filter((k) => !k.o.any).map((k) => [k.o.id, names.take(k.o.id)]));
  for (const { o, single } of kinds) {
    if (o.any) {
      refs.set(o.id, 'any');
      continue;
    }
    const name = main.get(o.id)!;
    const desc = ` description ${asaDescription(`${o.label} (${o.kind}${o.zone !== undefined ? `, zone ${o.zone}` : ''})`)}`;
    if (single) {
      lines.push(`object network ${name}`, ` ${objectBody(o.cidrs[0]!)}`, desc);
      refs.set(o.id, `object ${name}`);
      continue;
    }
    const fqdnObjects: string[] = [];
    for (const f of o.fqdns)
      for (const v of ['v4', 'v6'] as const) {
        const n = names.take(`${o.id}_${v}`);
        lines.push(`object network ${n}`, ` fqdn ${v} ${f}`, ` description ${asaDescription(`${o.label}: ${f} (${v === 'v4' ? 'IPv4' : 'IPv6'} addresses)`)}`);
        fqdnObjects.push(n);
      }
    lines.push(`object-group network ${name}`, desc, ...o.cidrs.map((c) => ` network-object ${groupMember(c)}`), ...fqdnObjects.map((n) => ` network-object object ${n}`));
    refs.set(o.id, `object-group ${name}`);
  }
  return { lines, refs };
}

/** Port match of one service: `eq 6162`, `range 2500 3300`, or a service group. */
function portMatch(s: Service, groups: Map<string, string>, names: Names, lines: string[]): string {
  const [only] = s.ports;
  if (s.ports.length === 1 && only) return only[0] === only[1] ? `eq ${only[0]}` : `range ${only[0]} ${only[1]}`;
  const key = serviceBase(s.protocol, s.ports);
  let name = groups.get(key);
  if (!name) {
    name = names.take(key);
    groups.set(key, name);
    lines.push(`object-group service ${name} ${s.protocol}`, ...s.ports.map(([a, b]) => (a === b ? ` port-object eq ${a}` : ` port-object range ${a} ${b}`)));
  }
  return `object-group ${name}`;
}

/** The remark lines of one reason text, as one string ('' when the text wraps to no line). */
const remarkBlock = (remark: string, text: string): string => asaRemarks(text).map((t) => `${remark}${t}`).join('\n');

export function renderAsa(policy: Policy, _opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = zoneRules(policy, 'asa');
  if (policy.scope !== 'zone-firewall') return { files: [], diagnostics };
  const names = objectNames();
  const nameif = zoneNames(policy, nameifNames());
  const acl = (zone: string): string => `${nameif.get(zone)!}_access_in`;

  const objects = addressObjects(usedAddresses(rules), names);
  const serviceLines: string[] = [];
  const serviceGroups = new Map<string, string>();
  const aclLines = new Lines();
  // Purposes and sources repeat over many rules of a zone: each text becomes its remark lines once
  // per ACL (one string of lines), and a rule's lines are pushed as one block.
  const byZone = new Map<string, Rule[]>();
  for (const r of rules) {
    const have = byZone.get(r.fromZone);
    if (have) have.push(r);
    else byZone.set(r.fromZone, [r]);
  }
  for (const z of policy.deployment.zones) {
    const name = acl(z.name);
    const remark = `access-list ${name} remark `;
    const blocks = new Map<string, string>();
    const block = (text: string): string => {
      let b = blocks.get(text);
      if (b === undefined) blocks.set(text, (b = remarkBlock(remark, text)));
      return b;
    };
    for (const r of byZone.get(z.name) ?? []) {
      const parts = reasonParts(r).map((t, i) => (i === 0 ? remarkBlock(remark, t) : block(t)));
      const src = objects.refs.get(r.source.id)!;
      const dst = objects.refs.get(r.destination.id)!;
      const permit = `access-list ${name} extended permit `;
      for (const s of r.services) parts.push(`${permit}${s.protocol} ${src} ${dst} ${portMatch(s, serviceGroups, names, serviceLines)}`);
      aclLines.push(parts.filter((b) => b !== '').join('\n'));
    }
    aclLines.addAll(asaRemarks(`default deny: anything else that enters from zone ${z.name} is dropped and logged`).map((t) => `access-list ${name} remark ${t}`));
    aclLines.add(`access-list ${name} extended deny ip any any log`);
  }

  const lines = new Lines();
  lines.addAll([
    ...headerLines(policy, 'asa').map(asaComment),
    '! Paste in configuration mode (configure terminal). Each zone is an interface; give it the nameif below.',
    ...policy.deployment.zones.map((z) => asaComment(`zone ${z.name}: nameif ${nameif.get(z.name)!}, inbound ACL ${acl(z.name)}`)),
    '! Return traffic passes by the ASA connection table (stateful); every ACL ends in an explicit deny.',
    '!',
  ]);
  lines.addAll(objects.lines);
  if (serviceLines.length) {
    lines.add('!');
    lines.addAll(serviceLines);
  }
  lines.add('!');
  lines.addLines(aclLines);
  lines.add('!');
  lines.addAll(policy.deployment.zones.map((z) => `access-group ${acl(z.name)} in interface ${nameif.get(z.name)!}`));
  lines.add('');
  return { files: [linesFile('zone-firewall.asa', lines)], diagnostics };
}

