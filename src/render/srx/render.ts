/**
 * Juniper SRX (Junos): the zone firewall as `set` commands for `load set terminal`.
 * - one `security-zone` per zone (add its interfaces and host-inbound-traffic yourself);
 * - the global address book: `address NAME PREFIX` or `address NAME dns-name FQDN` (matches the
 *   name's IPv4 and IPv6 addresses), `address-set` for objects of several entries; `any` for the
 *   internet;
 * - `applications application NAME protocol tcp|udp destination-port 6162|2500-3300`, one per
 *   protocol and port range, and an `application-set` where a rule has several;
 * - one policy per rule under `from-zone A to-zone B`, `then permit`, reasons in `description`;
 * - `default-policy deny-all`: what no policy permits is dropped.
 * Stateful: a permitted session carries its return traffic.
 *
 * Syntax checked against the Junos OS documentation: "Address Books and Address Sets Overview"
 * (https://www.juniper.net/documentation/en_US/release-independent/downloads/juniper-dvd-junos93.tgz:/tmp/tarfile_extract_tas6znfz/dvd-sw/techpubs/software/junos-es-swconfig-security/address-books-and-address-sets-overview.html:
 * `address NAME PREFIX`, `address NAME dns-name FQDN`, address-set), "Understanding Security
 * Policies" (http://www.juniper.net/techpubs/software/junos-security/junos-security96/junos-security-swconfig-security/understanding-policies.html:
 * from-zone/to-zone context, match source-address/destination-address/application, deny by
 * default), the Junos OS Security Policies User Guide for Security Devices (global address book,
 * applications and application sets with destination-port ranges, default-policy), the CLI comment
 * character `#` (https://juniper.net/documentation/en_US/junos13.2/topics/concept/junos-cli-comment-character-usage-overview.html),
 * and aerleon lib/junipersrx.py (global address book; `all` is reserved for global policies).
 * @module
 */
import { cidrFull } from '../_shared/cidr-text.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import type { AddressObject, Policy, Service } from '../../policy/types.js';
import { rangeText, reasonTexts, serviceBase, usedAddresses, zoneNames, zoneRules, type Names } from '../_shared/zone.js';
import { headerLines } from '../_shared/header.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { POLICY_DESCRIPTION_MAX, srxComment, srxNames, srxString } from './quote.js';

const BOOK = 'set security address-book global';

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
    const desc = srxString(`${o.label} (${o.kind}${o.zone !== undefined ? `, zone ${o.zone}` : ''})`);
    const entries = [...o.cidrs.map(cidrFull), ...o.fqdns.map((f) => `dns-name ${f}`)];
    if (entries.length === 1) {
      lines.push(`${BOOK} address ${name} ${entries[0]!}`, `${BOOK} address ${name} description ${desc}`);
      continue;
    }
    for (const [i, e] of entries.entries()) {
      const m = names.take(`${o.id}_${i + 1}`);
      lines.push(`${BOOK} address ${m} ${e}`, `${BOOK} address-set ${name} address ${m}`);
    }
    lines.push(`${BOOK} address-set ${name} description ${desc}`);
  }
  return { lines, refs };
}

export function renderSrx(policy: Policy, _opts: RenderOptions): RenderResult {
  const { rules, diagnostics } = zoneRules(policy, 'srx');
  if (policy.scope !== 'zone-firewall') return { files: [], diagnostics };
  const zones = zoneNames(policy, srxNames());
  const addresses = addressLines(usedAddresses(rules), srxNames());

  const appNames = srxNames();
  const apps = new Map<string, string>();
  const appLines: string[] = [];
  const application = (protocol: string, range: readonly [number, number]): string => {
    const key = serviceBase(protocol, [range]);
    let name = apps.get(key);
    if (!name) {
      name = appNames.take(key);
      apps.set(key, name);
      appLines.push(`set applications application ${name} protocol ${protocol}`, `set applications application ${name} destination-port ${rangeText(range)}`);
    }
    return name;
  };
  const sets = new Map<string, string>();
  const setLines: string[] = [];
  const service = (s: Service): string => {
    if (s.ports.length === 1) return application(s.protocol, s.ports[0]!);
    const key = serviceBase(s.protocol, s.ports);
    let name = sets.get(key);
    if (!name) {
      const members = s.ports.map((p) => application(s.protocol, p));
      name = appNames.take(key);
      sets.set(key, name);
      setLines.push(...members.map((m) => `set applications application-set ${name} application ${m}`));
    }
    return name;
  };

  const policyNames = srxNames();
  const policyLines = new Lines();
  for (const r of rules) {
    const at = `set security policies from-zone ${zones.get(r.fromZone)!} to-zone ${zones.get(r.toZone)!} policy ${policyNames.take(r.name)}`;
    policyLines.add(`${at} description ${srxString(reasonTexts(r).join(' | '), POLICY_DESCRIPTION_MAX)}`);
    policyLines.add(`${at} match source-address ${addresses.refs.get(r.source.id)!}`);
    policyLines.add(`${at} match destination-address ${addresses.refs.get(r.destination.id)!}`);
    for (const s of r.services) policyLines.add(`${at} match application ${service(s)}`);
    policyLines.add(`${at} then permit`);
  }

  const lines = new Lines();
  lines.addAll([
    ...headerLines(policy, 'srx').map(srxComment),
    '# Load in configuration mode with: load set terminal (paste, then Ctrl-D); commit check; commit.',
    '# Lines starting with # are comments. Add the interfaces of each zone to it. Uses the global address book.',
    ...policy.deployment.zones.map((z) => srxComment(`zone ${z.name}: ${zones.get(z.name)!}`)),
    '',
    ...policy.deployment.zones.map((z) => `set security zones security-zone ${zones.get(z.name)!}`),
    '',
  ]);
  lines.addLines(addresses.lines);
  lines.add('');
  lines.addAll(appLines);
  lines.addAll(setLines);
  lines.add('');
  lines.addLines(policyLines);
  lines.addAll(['', '# Default deny: traffic that no policy permits is dropped.', 'set security policies default-policy deny-all', '']);
  return { files: [linesFile('zone-firewall.srx', lines)], diagnostics };
}
