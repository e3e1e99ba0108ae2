/**
 * nftables: a complete `nft -f` ruleset.
 * - zone firewall: table inet vbrwall, chain forward (hook forward, policy drop), matching by address;
 * - host: chain input (policy drop) and, with --outbound, chain output (policy drop).
 * Syntax: nftables wiki "Quick reference-nftables in 10 minutes", "Sets", "Simple rule management";
 * nft(8) "RULES: comment", "STATEMENTS: verdict statement". The `table …; delete table …; table … {}`
 * idiom makes the file replace an earlier load atomically.
 * @module
 */
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { cidrText, familyParts } from '../_shared/families.js';
import { headerLines } from '../_shared/header.js';
import { sourceText } from '../_shared/text.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { nftComment, nftString } from './quote.js';

export const TABLE = 'vbrwall';

const set = (items: string[]): string => (items.length === 1 ? items[0]! : `{ ${items.join(', ')} }`);

const portsText = (ports: readonly (readonly [number, number])[]): string => set(ports.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`)));

function ruleLines(r: Rule, dir: 'forward' | 'in' | 'out', indent: string): string[] {
  const out = [
    `${indent}# ${nftComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`,
    ...r.purposes.map((p) => `${indent}#   ${nftComment(p)}`),
    `${indent}#   source: ${nftComment(sourceText(r.sources))}`,
  ];
  if (r.phase === 'deploy') out.push(`${indent}#   deploy phase only: remove after installation or upgrade`);
  const parts = familyParts(r, { omitDestination: dir === 'in', omitSource: dir === 'out' });
  for (const p of parts) {
    const fam = p.family === 4 ? 'ip' : 'ip6';
    const match = [
      ...(p.sources ? [`${fam} saddr ${set(p.sources.map(cidrText))}`] : []),
      ...(p.destinations ? [`${fam} daddr ${set(p.destinations.map(cidrText))}`] : []),
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
  const lines = ['#!/usr/sbin/nft -f', ...headerLines(policy, 'nftables').map((l) => `# ${nftComment(l)}`), ''];
  lines.push(`table inet ${TABLE}`, `delete table inet ${TABLE}`, '', `table inet ${TABLE} {`);
  if (policy.scope === 'zone-firewall') {
    lines.push(`${t}chain forward {`, `${t}${t}type filter hook forward priority filter; policy drop;`, `${t}${t}ct state established,related accept`, `${t}${t}ct state invalid drop`);
    for (const r of ex.rules) lines.push('', ...ruleLines(r, 'forward', t + t));
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
    for (const r of ex.rules) lines.push('', ...ruleLines(r, 'in', t + t));
    lines.push(`${t}}`);
    if (opts.outbound) {
      lines.push('', `${t}chain output {`, `${t}${t}type filter hook output priority filter; policy drop;`, `${t}${t}ct state established,related accept`, `${t}${t}oif "lo" accept`, `${t}${t}icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit } accept`);
      for (const r of ex.outbound) lines.push('', ...ruleLines(r, 'out', t + t));
      lines.push(`${t}}`);
    }
  }
  lines.push('}', '');
  const name = policy.scope === 'host' ? `${slug(policy.host ?? 'host')}.nft` : 'zone-firewall.nft';
  return { files: [{ path: name, content: lines.join('\n') }], diagnostics: ex.diagnostics };
}
