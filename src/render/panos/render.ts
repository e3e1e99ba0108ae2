/**
 * Palo Alto Networks PAN-OS: the zone firewall as configuration-mode `set` commands.
 * - one `set zone … network layer3 [ ]` per zone (add the interfaces of each zone);
 * - `set address` (`ip-netmask` or `fqdn`; an FQDN object resolves to IPv4 and IPv6) and
 *   `set address-group … static [ … ]` for objects of several prefixes; `any` for the internet;
 * - `set service … protocol tcp|udp port 6162,2500-3300`, one per protocol and port list;
 * - one security rule per policy rule (`from`/`to` zones, `application any`, `action allow`,
 *   the reasons in `description`), then `vbrwall-default-deny`: an interzone rule that denies
 *   the rest (the predefined interzone-default denies too, but does not log).
 * Stateful: a session allowed by a rule carries its return traffic.
 *
 * Syntax checked against the PAN-OS documentation: "Security Rules"
 * (https://docs.paloaltonetworks.com/network-security/security-policy/security-rules: rule
 * matching, the default intrazone-allow / interzone-deny rules), "Components of a Security Policy
 * Rule" (https://docs.paloaltonetworks.com/pan-os/11-1/pan-os-admin/policy/security-policy/components-of-a-security-policy-rule.html:
 * rule-type universal/intrazone/interzone, description), "Create a Security Policy Rule"
 * (https://docs.paloaltonetworks.com/pan-os/10-1/pan-os-admin/policy/security-policy/create-a-security-policy-rule.html),
 * and the CLI form `set rulebase security rules NAME from Z to Z source any destination any
 * application any service any action allow`; name and description limits as in aerleon
 * lib/paloaltofw.py (_TERM_MAX_LENGTH 63, _MAX_RULE_DESCRIPTION_LENGTH 1024).
 * @module
 */
import { cidrFull } from '../_shared/cidr-text.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import type { AddressObject, Policy, Service } from '../../policy/types.js';
import { reasonTexts, serviceBase, rangeText, usedAddresses, zoneNames, zoneRules, type Names } from '../_shared/zone.js';
import { headerLines } from '../_shared/header.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { objectNames, panosComment, panosString, zoneNameSpace } from './quote.js';

export const DENY_RULE = 'vbrwall-default-deny';

const list = (items: readonly string[]): string => `[ ${items.join(' ')} ]`;

function addressLines(objs: readonly AddressObject[], names: Names): { lines: Lines; refs: Map<string, string> } {
  const lines = new Lines();
  const refs = new Map<string, string>();
  const main = new Map(objs.filter((o) => !o.any).map((o) => [o.id, names.take(o.id)]));
  for (const o of objs) {
    if (o.any) {
      refs.set(o.id, 'any');
      continue;
    }
    const name = main.get(o.id)!;
    refs.set(o.id, name);
    const desc = panosString(`${o.label} (${o.kind}${o.zone !== undefined ? `, zone ${o.zone}` : ''})`);
    const entries = [...o.cidrs.map((c) => `ip-netmask ${cidrFull(c)}`), ...o.fqdns.map((f) => `fqdn ${f}`)];
    if (entries.length === 1) {
      lines.push(`set address ${name} ${entries[0]!}`, `set address ${name} description ${desc}`);
      continue;
    }
    const members = entries.map((e, i) => {
      const m = names.take(`${o.id}_${i + 1}`);
      lines.push(`set address ${m} ${e}`);
      return m;
    });
    lines.push(`set address-group ${name} static ${list(members)}`, `set address-group ${name} description ${desc}`);
  }
  return { lines, refs };
}

export function renderPanos(policy: Policy, _opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = zoneRules(policy, 'panos');
  if (policy.scope !== 'zone-firewall') return { files: [], diagnostics };
  const zones = zoneNames(policy, zoneNameSpace());
  const addresses = addressLines(usedAddresses(rules), objectNames());

  const serviceNames = objectNames();
  const services = new Map<string, string>();
  const serviceLines: string[] = [];
  const service = (s: Service): string => {
    const key = serviceBase(s.protocol, s.ports);
    let name = services.get(key);
    if (!name) {
      name = serviceNames.take(key);
      services.set(key, name);
      serviceLines.push(`set service ${name} protocol ${s.protocol} port ${s.ports.map((p) => rangeText(p)).join(',')}`);
    }
    return name;
  };

  const ruleNames = objectNames();
  const deny = ruleNames.take(DENY_RULE);
  const ruleLines = new Lines();
  for (const r of rules) {
    const name = ruleNames.take(r.name);
    const svc = r.services.map(service);
    ruleLines.add([
      `set rulebase security rules ${name} from ${zones.get(r.fromZone)!} to ${zones.get(r.toZone)!}`,
      `source ${addresses.refs.get(r.source.id) === 'any' ? 'any' : list([addresses.refs.get(r.source.id)!])}`,
      `destination ${addresses.refs.get(r.destination.id) === 'any' ? 'any' : list([addresses.refs.get(r.destination.id)!])}`,
      `application any service ${list(svc)} action allow description ${panosString(reasonTexts(r).join(' | '))}`,
    ].join(' '));
  }

  const lines = new Lines();
  lines.addAll([
    ...headerLines(policy, 'panos').map(panosComment),
    '# Paste in configure mode, then commit. Lines starting with # are comments. Add the interfaces of each zone to it.',
    ...policy.deployment.zones.map((z) => panosComment(`zone ${z.name}: ${zones.get(z.name)!}`)),
    '',
    ...policy.deployment.zones.map((z) => `set zone ${zones.get(z.name)!} network layer3 [ ]`),
    '',
  ]);
  lines.addLines(addresses.lines);
  lines.add('');
  lines.addAll(serviceLines);
  lines.add('');
  lines.addLines(ruleLines);
  lines.addAll([
    `set rulebase security rules ${deny} from any to any source any destination any application any service any action deny rule-type interzone log-end yes description ${panosString('Default deny between zones: anything the rules above do not allow is dropped and logged.')}`,
    '',
  ]);
  return { files: [linesFile('zone-firewall.panos', lines)], diagnostics };
}
