/**
 * firewalld (host scope): a POSIX shell script of `firewall-cmd --permanent` commands that adds
 * one rich rule per source prefix and port (or port range) to the zone of the host's interface,
 * then reloads.
 *
 * Why rich rules in the existing zone, and not a dedicated zone with `--add-source`: a source
 * address belongs to one zone only and a zone bound to a source takes over all of that source's
 * traffic (firewalld.zone(5), "Sources"; zone drifting is gone since 0.8), so a `vbrwall` zone
 * holding the Veeam peers would also decide their SSH or monitoring access, and its ports would
 * open to every listed source (sources x ports) instead of the exact pairs the plan needs.
 * Rich rules keep each (source, port) pair exact and leave everything else in the zone as it was.
 * The zone is the script's first argument, the default zone when none is given.
 * Outbound rules are not rendered: zones filter inbound traffic only (firewalld policies with
 * ingress zone HOST could, but vbrwall does not generate them yet).
 *
 * Syntax checked against firewall-cmd(1) (--permanent, --zone, --add-rich-rule,
 * --get-default-zone, --reload) and firewalld.richlanguage(5) ("rule [family] source address
 * port port protocol accept"); rich rules parsed with firewalld 1.3.3's Rich_Rule while writing.
 * @module
 */
import { formatCidr } from '../../net/ip.js';
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { familyParts } from '../_shared/families.js';
import { headerLines } from '../_shared/header.js';
import { sourceText } from '../_shared/text.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { shComment, shQuote } from './quote.js';
import { internetSpelledOut } from '../_shared/internal.js';

export const SUPPORTS: Supports = { scopes: ['host'], ipv6: true, fqdn: false, outbound: false, any: true };

const FAMILY = { 4: 'ipv4', 6: 'ipv6' } as const;

/** The rich rules of one rule: one per source prefix (or none for any source), service and port item. */
export function richRules(r: Rule): string[] {
  const out: string[] = [];
  for (const part of familyParts(r, { omitDestination: true }))
    for (const src of part.sources ?? [undefined]) {
      const from = src ? `family="${FAMILY[part.family]}" source address="${formatCidr(src, true)}" ` : '';
      for (const svc of r.services)
        for (const [a, b] of svc.ports) {
          out.push(`rule ${from}port port="${a === b ? a : `${a}-${b}`}" protocol="${svc.protocol}" accept`);
        }
    }
  // An any-source rule gives the same family-less rich rule for IPv4 and IPv6: keep one.
  return [...new Set(out)];
}

function ruleLines(r: Rule): string[] {
  const out = [
    '',
    `# ${shComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`,
    ...r.purposes.map((p) => `#   ${shComment(p)}`),
    `#   source: ${shComment(sourceText(r.sources))}`,
  ];
  if (r.phase === 'deploy') out.push('#   deploy phase only: remove after installation or upgrade (firewall-cmd --permanent --zone="$zone" --remove-rich-rule=...)');
  for (const rich of richRules(r)) out.push(`firewall-cmd --permanent --zone="$zone" --add-rich-rule=${shQuote(rich)}`);
  return out;
}

export function renderFirewalld(full: Policy, opts: RenderOptions): RenderResult {
  // Outbound rules are reported as not rendered only when they were asked for.
  // "Any address of the internet zone" is written out as every address but the internal zones'.
  const policy = internetSpelledOut(opts.outbound ? full : { ...full, outbound: [] });
  const ex = expressible(policy, SUPPORTS, 'firewalld');
  const lines = [
    '#!/bin/sh',
    ...headerLines(policy, 'firewalld').map((l) => `# ${shComment(l)}`),
    '#',
    '# Adds one rich rule per source and port to the zone of the interface (first argument, or the',
    '# default zone), so exactly these sources reach these ports; the zone target (default: reject)',
    '# denies the rest. Services the zone already allows (ssh, cockpit, ...) are left as they are:',
    '# review with firewall-cmd --zone=ZONE --list-all. Usage: sh THIS-FILE [ZONE]',
    'set -eu',
    'zone="${1:-$(firewall-cmd --get-default-zone)}"',
  ];
  for (const r of ex.rules) lines.push(...ruleLines(r));
  lines.push('', 'firewall-cmd --reload', '');
  return { files: [{ path: `${slug(policy.host ?? 'host')}.firewalld.sh`, content: lines.join('\n') }], diagnostics: ex.diagnostics };
}
