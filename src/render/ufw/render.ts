/**
 * ufw (host scope): a POSIX shell script of `ufw allow` commands, one per source prefix,
 * protocol and port list, then default deny incoming (and outgoing with --outbound) and
 * `ufw --force enable`. Rules ufw already has are kept; the defaults come after the allow
 * rules so that running the script never blocks the Veeam traffic in between.
 * ufw's before.rules already accept established traffic, loopback and the ICMPv6 that IPv6
 * needs, so the script holds only the Veeam rules.
 * Syntax checked against ufw(8) ("ufw [--dry-run] [delete] [insert NUM] allow|deny|reject|limit
 * [in|out] ... [proto protocol] [from ADDRESS [port PORT]] [to ADDRESS [port PORT]] [comment
 * COMMENT]", "default deny incoming|outgoing", "--force enable") and ufw 0.36 (ufw/parser.py: a
 * comment may not contain `'`; ufw/common.py `set_port`: port lists take at most 15 items, a
 * range `a:b` counting as two, and need `proto tcp|udp`); every command was parsed with
 * ufw 0.36.2's own parser while writing this.
 * @module
 */
import { formatCidr } from '../../net/ip.js';
import type { PortRange } from '../../net/ports.js';
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { familyParts } from '../_shared/families.js';
import { headerLines } from '../_shared/header.js';
import { sourceText } from '../_shared/text.js';
import { chunkPorts } from '../iptables/multiport.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { shComment, ufwComment } from './quote.js';
import { internetSpelledOut } from '../_shared/internal.js';

export const SUPPORTS: Supports = { scopes: ['host'], ipv6: true, fqdn: false, outbound: true, any: true };

const portList = (ports: readonly PortRange[]): string => ports.map(([a, b]) => (a === b ? String(a) : `${a}:${b}`)).join(',');

/** The `ufw allow` commands of one rule. */
export function ufwCommands(r: Rule, dir: 'in' | 'out'): string[] {
  const out: string[] = [];
  const comment = ufwComment(`${r.name}: ${r.comment}`);
  for (const part of familyParts(r, dir === 'in' ? { omitDestination: true } : { omitSource: true })) {
    const peers = (dir === 'in' ? part.sources : part.destinations) ?? [undefined];
    for (const peer of peers) {
      const addr = peer ? formatCidr(peer, true) : 'any';
      const ends = dir === 'in' ? `from ${addr} to any` : `from any to ${addr}`;
      for (const svc of r.services)
        for (const chunk of chunkPorts(svc.ports)) out.push(`ufw allow ${dir === 'out' ? 'out ' : ''}proto ${svc.protocol} ${ends} port ${portList(chunk)} comment ${comment}`);
    }
  }
  // An any-address peer gives the same command for IPv4 and IPv6 (ufw adds both): keep one.
  return [...new Set(out)];
}

function ruleLines(r: Rule, dir: 'in' | 'out'): string[] {
  const out = [
    '',
    `# ${shComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`,
    ...r.purposes.map((p) => `#   ${shComment(p)}`),
    `#   source: ${shComment(sourceText(r.sources))}`,
  ];
  if (r.phase === 'deploy') out.push('#   deploy phase only: remove after installation or upgrade (ufw status numbered; ufw delete NUM)');
  out.push(...ufwCommands(r, dir));
  return out;
}

export function renderUfw(full: Policy, opts: RenderOptions): RenderResult {
  // Outbound rules that were not asked for are neither rendered nor reported.
  // "Any address of the internet zone" is written out as every address but the internal zones'.
  const policy = internetSpelledOut(opts.outbound ? full : { ...full, outbound: [] });
  const ex = expressible(policy, SUPPORTS, 'ufw');
  const lines = [
    '#!/bin/sh',
    ...headerLines(policy, 'ufw').map((l) => `# ${shComment(l)}`),
    '#',
    '# Adds the rules below and keeps the rules ufw already has (review: ufw status numbered), then sets',
    `# default deny incoming${opts.outbound ? ' and outgoing' : ''} and enables ufw. Make sure your own SSH access is allowed first.`,
    '# IPv6 rules need IPV6=yes in /etc/default/ufw (the default).',
    'set -eu',
  ];
  for (const r of ex.rules) lines.push(...ruleLines(r, 'in'));
  for (const r of ex.outbound) lines.push(...ruleLines(r, 'out'));
  lines.push('', 'ufw default deny incoming');
  if (opts.outbound) lines.push('ufw default deny outgoing');
  lines.push('ufw --force enable', '');
  return { files: [{ path: `${slug(policy.host ?? 'host')}.ufw.sh`, content: lines.join('\n') }], diagnostics: ex.diagnostics };
}
