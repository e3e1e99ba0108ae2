/**
 * Windows Firewall (host scope): two PowerShell scripts for one Windows host.
 * - `HOST.ps1` removes the rules of group 'vbrwall' it created before, makes sure every profile
 *   is on with inbound default Block (and outbound Block with --outbound), then creates one
 *   `New-NetFirewallRule` per rule and protocol: inbound rules match -LocalPort and
 *   -RemoteAddress (the sources), outbound rules -RemotePort and -RemoteAddress (the
 *   destinations). IPv4 and IPv6 addresses share a rule. Windows Firewall is stateful: replies
 *   need no rule.
 * - `HOST.remove.ps1` removes the group again (and restores outbound Allow with --outbound).
 * Windows Firewall has no zones between networks: zone-firewall scope is not offered.
 * The scripts are pure ASCII (see quote.ts), so every PowerShell version reads them alike.
 * Syntax checked against New-NetFirewallRule, Remove-NetFirewallRule and Set-NetFirewallProfile
 * (NetSecurity module, learn.microsoft.com): -LocalPort/-RemotePort take String[] with ranges
 * such as 5000-5020, -RemoteAddress String[] with addresses, subnets (CIDR), IPv6 and the
 * keyword Any, -Group, -Profile Any; and about_Quoting_Rules for quoting.
 * @module
 */
import { formatCidr } from '../../net/ip.js';
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { headerLines } from '../_shared/header.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { DISPLAY_NAME_MAX, psComment, psQuote, psRuleName } from './quote.js';
import { internetSpelledOut } from '../_shared/internal.js';

export const SUPPORTS: Supports = { scopes: ['host'], ipv6: true, fqdn: false, outbound: true, any: true };
export const GROUP = 'vbrwall';
const PROFILES = 'Domain, Private, Public';
const PROTOCOL = { tcp: 'TCP', udp: 'UDP' } as const;

/** Sources as `page (section)`: the `§` of other targets is not ASCII. */
const sourceList = (r: Rule): string => r.sources.map((s) => `${s.page} (${s.section})`).join('; ');

const list = (items: readonly string[]): string => items.map((s) => psQuote(s)).join(', ');

/** One New-NetFirewallRule per protocol of the rule. */
export function ruleCommands(r: Rule, dir: 'in' | 'out'): string[] {
  const peer = dir === 'in' ? r.source : r.destination;
  const remote = peer.any ? ['Any'] : peer.cidrs.map((c) => formatCidr(c, true));
  const reasons = `${r.name}: ${r.comment} Sources: ${sourceList(r)}`;
  return r.services.map((s) => {
    const ports = s.ports.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
    const display = `vbrwall ${r.name} ${PROTOCOL[s.protocol]}: ${r.source.label} -> ${r.destination.label}`;
    return [
      'New-NetFirewallRule',
      `-Name ${psQuote(psRuleName(r.name, s.protocol))}`,
      `-DisplayName ${psQuote(display, DISPLAY_NAME_MAX)}`,
      `-Group ${psQuote(GROUP)}`,
      `-Direction ${dir === 'in' ? 'Inbound' : 'Outbound'}`,
      '-Action Allow',
      '-Profile Any',
      `-Protocol ${PROTOCOL[s.protocol]}`,
      `${dir === 'in' ? '-LocalPort' : '-RemotePort'} ${list(ports)}`,
      `-RemoteAddress ${list(remote)}`,
      `-Description ${psQuote(reasons)}`,
      '| Out-Null',
    ].join(' ');
  });
}

function ruleLines(r: Rule, dir: 'in' | 'out'): string[] {
  const out = [
    '',
    `# ${psComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`,
    ...r.purposes.map((p) => `#   ${psComment(p)}`),
    `#   source: ${psComment(sourceList(r))}`,
  ];
  if (r.phase === 'deploy') out.push('#   deploy phase only: remove after installation or upgrade');
  out.push(...ruleCommands(r, dir));
  return out;
}

export function renderWindows(full: Policy, opts: RenderOptions): RenderResult {
  // Outbound rules that were not asked for are neither rendered nor reported.
  // "Any address of the internet zone" is written out as every address but the internal zones'.
  const policy = internetSpelledOut(opts.outbound ? full : { ...full, outbound: [] });
  const ex = expressible(policy, SUPPORTS, 'windows');
  const base = slug(policy.host ?? 'host');
  const header = headerLines(policy, 'Windows Firewall').map((l) => `# ${psComment(l)}`);
  const apply = [
    ...header,
    `# Run in an elevated PowerShell on the host. Rules are in group '${GROUP}'; ${base}.remove.ps1 removes them.`,
    '#Requires -RunAsAdministrator',
    "$ErrorActionPreference = 'Stop'",
    `Remove-NetFirewallRule -Group ${psQuote(GROUP)} -ErrorAction SilentlyContinue`,
    `Set-NetFirewallProfile -Profile ${PROFILES} -Enabled True -DefaultInboundAction Block`,
    ...(opts.outbound ? [`Set-NetFirewallProfile -Profile ${PROFILES} -DefaultOutboundAction Block`] : []),
  ];
  for (const r of ex.rules) apply.push(...ruleLines(r, 'in'));
  for (const r of ex.outbound) apply.push(...ruleLines(r, 'out'));
  apply.push('');
  const remove = [
    ...header,
    `# Removes the rules of group '${GROUP}' that ${base}.ps1 created${opts.outbound ? ', and sets the outbound default back to Allow' : ''}.`,
    '#Requires -RunAsAdministrator',
    "$ErrorActionPreference = 'Stop'",
    `Remove-NetFirewallRule -Group ${psQuote(GROUP)} -ErrorAction SilentlyContinue`,
    ...(opts.outbound ? [`Set-NetFirewallProfile -Profile ${PROFILES} -DefaultOutboundAction Allow`] : []),
    '',
  ];
  return {
    files: [
      { path: `${base}.ps1`, content: apply.join('\n') },
      { path: `${base}.remove.ps1`, content: remove.join('\n') },
    ],
    diagnostics: ex.diagnostics,
  };
}
