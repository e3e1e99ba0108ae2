/**
 * nftables: a complete `nft -f` ruleset.
 * - zone firewall: table inet vbrwall, chain forward (hook forward, policy drop), matching by address;
 * - host: chain input (policy drop) and, with --outbound, chain output (policy drop).
 * Syntax: nftables wiki "Quick reference-nftables in 10 minutes", "Sets", "Simple rule management";
 * nft(8) "RULES: comment", "STATEMENTS: verdict statement", "SETS" (`type ipv4_addr; flags interval;`,
 * referenced as `@name`). The `table …; delete table …; table … {}` idiom makes the file replace
 * an earlier load atomically.
 * An address object with more than one prefix of a family becomes a named set, declared once and
 * referenced by every rule that uses it (`ip saddr @grp_z00_1k2j3h4_v4`); one prefix stays inline.
 * @module
 */
import { slug } from '../../policy/objects.js';
import type { Cidr } from '../../net/ip.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { cidrText, familyParts } from '../_shared/families.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { headerLines } from '../_shared/header.js';
import { leaveOut } from '../_shared/internal.js';
import type { Deployment } from '../../model/types.js';
import { sourceText } from '../_shared/text.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { nftComment, nftString } from './quote.js';

export const TABLE = 'vbrwall';

const set = (items: string[]): string => (items.length === 1 ? items[0]! : `{ ${items.join(', ')} }`);

const portsText = (ports: readonly (readonly [number, number])[]): string => set(ports.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)));

/** Named sets of address objects, by object id and family: declared once in the table. */
class Sets {
  private readonly used = new Map<string, { name: string; family: 4 | 6; items: string[] }>();

  /** `@name` for a list of more than one prefix of an object, or the inline element. */
  ref(obj: AddressObject, family: 4 | 6, cidrs: Cidr[]): string {
    if (cidrs.length === 1) return cidrText(cidrs[0]!);
    const name = `${obj.id}_v${family}`;
    if (!this.used.has(name)) this.used.set(name, { name, family, items: cidrs.map(cidrText) });
    return `@${name}`;
  }

  /**
   * `@_not_<id>_v4`: the internal prefixes an "any address" object leaves out (a leading `_`: no
   * object id has one, so the names cannot meet).
   */
  internal(obj: AddressObject, family: 4 | 6, cidrs: Cidr[]): string {
    if (cidrs.length === 1) return cidrText(cidrs[0]!);
    const name = `_not_${obj.id}_v${family}`;
    if (!this.used.has(name)) this.used.set(name, { name, family, items: cidrs.map(cidrText) });
    return `@${name}`;
  }

  lines(indent: string): string[] {
    return [...this.used.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((x) => [`${indent}set ${x.name} {`, `${indent}\ttype ${x.family === 4 ? 'ipv4_addr' : 'ipv6_addr'}; flags interval;`, `${indent}\telements = { ${x.items.join(', ')} }`, `${indent}}`]);
  }
}

function ruleLines(r: Rule, dir: 'forward' | 'in' | 'out', indent: string, sets: Sets, d: Deployment): string[] {
  const out = [
    `${indent}# ${nftComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`,
    ...r.purposes.map((p) => `${indent}#   ${nftComment(p)}`),
    `${indent}#   source: ${nftComment(sourceText(r.sources))}`,
  ];
  if (r.phase === 'deploy') out.push(`${indent}#   deploy phase only: remove after installation or upgrade`);
  const parts = familyParts(r, { omitDestination: dir === 'in', omitSource: dir === 'out' });
  for (const p of parts) {
    const fam = p.family === 4 ? 'ip' : 'ip6';
    // Any address of the internet zone is every address but the internal zones' (see _shared/internal.ts).
    const awayFromInternal = (side: 'saddr' | 'daddr', o: AddressObject): string[] => {
      const out = leaveOut(d, o)[p.family];
      return out.length ? [`${fam} ${side} != ${sets.internal(o, p.family, out)}`] : [];
    };
    const match = [
      ...(p.sources ? [`${fam} saddr ${sets.ref(r.source, p.family, p.sources)}`] : r.source.any && dir !== 'out' ? awayFromInternal('saddr', r.source) : []),
      ...(p.destinations ? [`${fam} daddr ${sets.ref(r.destination, p.family, p.destinations)}`] : r.destination.any && dir !== 'in' ? awayFromInternal('daddr', r.destination) : []),
    ];
    // A host rule with no address match on either side still needs the family, so IPv4-only rules stay IPv4.
    if (!match.length) match.push(`meta nfproto ${p.family === 4 ? 'ipv4' : 'ipv6'}`);
    for (const s of r.services) out.push(`${indent}${match.join(' ')} ${s.protocol} dport ${portsText(s.ports)} accept comment ${nftString(r.name)}`);
  }
  return out;
}

export function renderNftables(policy: Policy, opts: RenderOptions): RenderResult {
  const ex = expressible(policy, { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true }, 'nftables');
  const t = '\t';
  const head = ['#!/usr/sbin/nft -f', ...headerLines(policy, 'nftables').map((l) => `# ${nftComment(l)}`), ''];
  head.push(`table inet ${TABLE}`, `delete table inet ${TABLE}`, '', `table inet ${TABLE} {`);
  const sets = new Sets();
  // The chains, joined in chunks as they come (_shared/chunks.ts); the sets they name go above them.
  const lines = new Lines();
  if (policy.scope === 'zone-firewall') {
    lines.push(`${t}chain forward {`, `${t}${t}type filter hook forward priority filter; policy drop;`, `${t}${t}ct state established,related accept`, `${t}${t}ct state invalid drop`);
    for (const r of ex.rules) {
      lines.add('');
      lines.addAll(ruleLines(r, 'forward', t + t, sets, policy.deployment));
    }
    lines.push(`${t}}`);
  } else {
    lines.push(
      `${t}chain input {`,
      `${t}${t}type filter hook input priority filter; policy drop;`,
      `${t}${t}ct state established,related accept`,
      `${t}${t}ct state invalid drop`,
      `${t}${t}iif "lo" accept`,
      `${t}${t}# IPv6 neighbour discovery, without which IPv6 stops working`,
      `${t}${t}icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept`,
    );
    for (const r of ex.rules) {
      lines.add('');
      lines.addAll(ruleLines(r, 'in', t + t, sets, policy.deployment));
    }
    lines.push(`${t}}`);
    if (opts.outbound) {
      lines.push('', `${t}chain output {`, `${t}${t}type filter hook output priority filter; policy drop;`, `${t}${t}ct state established,related accept`, `${t}${t}oif "lo" accept`, `${t}${t}icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit } accept`);
      for (const r of ex.outbound) {
        lines.add('');
        lines.addAll(ruleLines(r, 'out', t + t, sets, policy.deployment));
      }
      lines.push(`${t}}`);
    }
  }
  const declared = sets.lines(t);
  const file = new Lines();
  file.addAll(head);
  if (declared.length) {
    file.add(`${t}# Address objects with more than one prefix${declared.some((l) => l.includes('set _not_')) ? ', and (_not_*) the internal prefixes that "any address" in the internet zone leaves out' : ''}, used by the rules below`);
    file.addAll(declared);
    file.add('');
  }
  file.addLines(lines);
  file.addAll(['}', '']);
  const name = policy.scope === 'host' ? `${slug(policy.host ?? 'host')}.nft` : 'zone-firewall.nft';
  return { files: [linesFile(name, file)], diagnostics: ex.diagnostics };
}
