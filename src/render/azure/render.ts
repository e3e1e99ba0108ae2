/**
 * Azure network security groups as Terraform (hashicorp/azurerm provider 3.x/4.x):
 * - zone firewall: one `azurerm_network_security_group` per zone, to associate with the zone's
 *   subnets, with inbound rules for the flows entering the zone and outbound rules for the flows
 *   leaving it (sources and destinations as prefixes), an allow rule for the traffic inside the
 *   zone (a zone firewall does not filter it), and a deny-all rule at priority 4096 per direction;
 * - host: one group for the host's network interface with its inbound rules and a deny-all inbound
 *   rule; with --outbound also its outbound rules and a deny-all outbound rule (without it, Azure's
 *   default outbound rules stay in force).
 * The deny-all rules at 4096 take precedence over Azure's default rules (65000 and up:
 * AllowVnetInBound, AllowAzureLoadBalancerInBound, AllowInternetOutBound...). NSGs are stateful.
 * One rule holds one protocol and one address family: Azure refuses rules that mix IPv4 and IPv6
 * prefixes (ResourceCannotContainAddressPrefixesFromDifferentAddressFamilies).
 * Priorities are 100, 110, 120... per direction (step 1 when a group holds more than 400 rules);
 * rules that do not fit below 4096 are reported as errors.
 *
 * Syntax checked against the Terraform azurerm provider documentation
 * (hashicorp/terraform-provider-azurerm, website/docs/r/network_security_group.html.markdown:
 * "security_rule" name, description "Restricted to 140 characters", protocol Tcp/Udp/Icmp/*,
 * *_address_prefix(es), destination_port_range(s), priority 100-4096 unique, direction, access);
 * Microsoft Learn "Network security groups: Security rules" and "Azure subscription and service
 * limits" (1,000 rules per NSG); MicrosoftDocs/azure-docs#34567 and
 * hashicorp/terraform-provider-azurerm#12534 (no mixed address families in one rule).
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { formatCidr, mergeCidrs } from '../../net/ip.js';
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { familyParts } from '../_shared/families.js';
import { headerLines } from '../_shared/header.js';
import { sourceText } from '../_shared/text.js';
import { attrLines, uniqueDiagnostics } from '../aws/_common.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { azureDescription, hclComment, hclString, IdentAllocator, NameAllocator } from './quote.js';

export const AZURE_SUPPORTS: Supports = { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true };

export const FIRST_PRIORITY = 100;
export const DENY_PRIORITY = 4096;
/** Azure's limit of security rules per network security group. */
export const RULES_PER_NSG = 1000;
const STEP = 10;
const PROVIDER_FILE = 'azure-variables.tf';

type Direction = 'Inbound' | 'Outbound';

interface SecurityRule {
  name: string;
  direction: Direction;
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | '*';
  ports: string[] | '*';
  sources: string[] | '*';
  destinations: string[] | '*';
  description: string;
  rule?: Rule;
  note?: string;
  priority: number;
}

interface Nsg {
  ident: string;
  name: string;
  about: string[];
  rules: SecurityRule[];
  names: NameAllocator;
  outputKey: string;
}

const portText = ([a, b]: readonly [number, number]): string => (a === b ? String(a) : `${a}-${b}`);
const PROTOCOL = { tcp: 'Tcp', udp: 'Udp' } as const;

function describe(r: Rule): string {
  const deploy = r.phase === 'deploy' ? 'DEPLOY PHASE ONLY: ' : '';
  const failover = r.failover ? 'failover: ' : '';
  return azureDescription(`${deploy}${failover}${r.name}: ${r.purposes.join(' ')}`);
}

/** One security rule per address family and protocol; a rule whose ends share no family has none (the policy reports it). */
function addRule(g: Nsg, r: Rule, direction: Direction): void {
  for (const p of familyParts(r))
    for (const s of r.services)
      g.rules.push({
        name: g.names.take(`${r.name}-${s.protocol}${p.family === 6 ? '-v6' : ''}`),
        direction,
        access: 'Allow',
        protocol: PROTOCOL[s.protocol],
        ports: s.ports.map(portText),
        sources: p.sources ? p.sources.map((c) => formatCidr(c)) : '*',
        destinations: p.destinations ? p.destinations.map((c) => formatCidr(c)) : '*',
        description: describe(r),
        rule: r,
        priority: 0,
      });
}

function addFixed(g: Nsg, name: string, direction: Direction, access: 'Allow' | 'Deny', sources: string[] | '*', destinations: string[] | '*', note: string): void {
  g.rules.push({ name: g.names.take(name), direction, access, protocol: '*', ports: '*', sources, destinations, description: azureDescription(note), note, priority: access === 'Deny' ? DENY_PRIORITY : 0 });
}

/** Allow rules get 100, 110, ... per direction; what does not fit below the deny rule is an error. */
function assignPriorities(g: Nsg, diagnostics: Diagnostic[]): void {
  for (const direction of ['Inbound', 'Outbound'] as const) {
    const allows = g.rules.filter((r) => r.direction === direction && r.access === 'Allow');
    const room = DENY_PRIORITY - FIRST_PRIORITY;
    const step = (allows.length - 1) * STEP < room ? STEP : 1;
    allows.forEach((r, i) => (r.priority = FIRST_PRIORITY + i * step));
    const over = allows.filter((r) => r.priority >= DENY_PRIORITY);
    for (const r of over)
      diagnostics.push({
        code: 'RENDER_UNSUPPORTED',
        severity: 'error',
        message: `network security group ${g.name} has more ${direction.toLowerCase()} rules than priorities ${FIRST_PRIORITY}-${DENY_PRIORITY - 1}: ${r.name} is not in the output`,
        hint: 'use --scope host for smaller groups',
      });
    g.rules = g.rules.filter((r) => !over.includes(r));
  }
  if (g.rules.length > RULES_PER_NSG)
    diagnostics.push({ code: 'RENDER_UNSUPPORTED', severity: 'warning', message: `network security group ${g.name} has ${g.rules.length} rules, more than Azure's limit of ${RULES_PER_NSG}`, hint: 'use --scope host for smaller groups' });
}

const list = (items: string[]): string => `[${items.map(hclString).join(', ')}]`;

function ruleLines(r: SecurityRule): string[] {
  const out: string[] = [];
  if (r.rule) {
    out.push(`  # ${hclComment(`${r.rule.name}: ${r.rule.source.label} -> ${r.rule.destination.label}`)}`);
    if (r.rule.phase === 'deploy') out.push('  #   deploy phase only: remove after installation or upgrade');
    if (r.rule.failover) out.push('  #   failover ports only');
    for (const p of r.rule.purposes) out.push(`  #   ${hclComment(p)}`);
    if (r.rule.sources.length) out.push(`  #   source: ${hclComment(sourceText(r.rule.sources))}`);
  } else out.push(`  # ${hclComment(r.note ?? '')}`);
  const pairs: [string, string][] = [
    ['name', hclString(r.name)],
    ['description', hclString(r.description)],
    ['priority', String(r.priority)],
    ['direction', hclString(r.direction)],
    ['access', hclString(r.access)],
    ['protocol', hclString(r.protocol)],
    ['source_port_range', hclString('*')],
    r.ports === '*' ? ['destination_port_range', hclString('*')] : ['destination_port_ranges', list(r.ports)],
    r.sources === '*' ? ['source_address_prefix', hclString('*')] : ['source_address_prefixes', list(r.sources)],
    r.destinations === '*' ? ['destination_address_prefix', hclString('*')] : ['destination_address_prefixes', list(r.destinations)],
  ];
  out.push('  security_rule {', ...attrLines(pairs, '    '), '  }');
  return out;
}

function nsgLines(g: Nsg): string[] {
  const order = (r: SecurityRule): number => (r.direction === 'Inbound' ? 0 : 10000) + r.priority;
  const out = [
    ...g.about.map((l) => `# ${hclComment(l)}`),
    `resource "azurerm_network_security_group" "${g.ident}" {`,
    ...attrLines(
      [
        ['name', hclString(g.name)],
        ['location', 'var.location'],
        ['resource_group_name', 'var.resource_group_name'],
      ],
      '  ',
    ),
  ];
  for (const r of [...g.rules].sort((a, b) => order(a) - order(b))) out.push('', ...ruleLines(r));
  out.push('}');
  return out;
}

function providerFile(): string {
  return [
    '# vbrwall: provider and variables shared by every vbrwall Azure file of this directory.',
    'terraform {',
    '  required_providers {',
    '    azurerm = {',
    ...attrLines(
      [
        ['source', hclString('hashicorp/azurerm')],
        ['version', hclString('>= 3.0')],
      ],
      '      ',
    ),
    '    }',
    '  }',
    '}',
    '',
    '# Remove this block when your configuration already configures the azurerm provider.',
    'provider "azurerm" {',
    '  features {}',
    '}',
    '',
    'variable "resource_group_name" {',
    ...attrLines(
      [
        ['description', hclString('Resource group of the network security groups')],
        ['type', 'string'],
      ],
      '  ',
    ),
    '}',
    '',
    'variable "location" {',
    ...attrLines(
      [
        ['description', hclString('Azure region of the network security groups')],
        ['type', 'string'],
      ],
      '  ',
    ),
    '}',
    '',
  ].join('\n');
}

export function renderAzure(policy: Policy, opts: RenderOptions): RenderResult {
  const ex = expressible(policy, AZURE_SUPPORTS, 'azure');
  const diagnostics: Diagnostic[] = [...ex.diagnostics];
  const idents = new IdentAllocator();
  const nsgNames = new NameAllocator();
  const groups: Nsg[] = [];
  const d = policy.deployment;
  const newNsg = (ident: string, name: string, about: string[], outputKey: string): Nsg => ({ ident: idents.take(ident), name: nsgNames.take(name), about, rules: [], names: new NameAllocator(), outputKey });
  let file: string;
  let output: string[];

  if (policy.scope === 'zone-firewall') {
    for (const z of d.zones.filter((x) => !x.internet)) {
      const g = newNsg(`zone_${slug(z.name)}`, `vbrwall-${slug(z.name)}`, [`Zone ${z.name}: associate with the zone's subnets (azurerm_subnet_network_security_group_association)`], z.name);
      const cidrs = mergeCidrs(z.cidrs);
      const within = `traffic inside zone ${z.name}: a zone firewall does not filter it (use --scope host to restrict it)`;
      for (const family of [4, 6] as const) {
        const own = cidrs.filter((c) => c.family === family).map((c) => formatCidr(c));
        if (!own.length) continue;
        const v = family === 6 ? '-v6' : '';
        addFixed(g, `within-zone-in${v}`, 'Inbound', 'Allow', own, own, within);
        addFixed(g, `within-zone-out${v}`, 'Outbound', 'Allow', own, own, within);
      }
      for (const r of ex.rules.filter((x) => x.toZone === z.name)) addRule(g, r, 'Inbound');
      for (const r of ex.rules.filter((x) => x.fromZone === z.name)) addRule(g, r, 'Outbound');
      addFixed(g, 'deny-all-inbound', 'Inbound', 'Deny', '*', '*', 'default deny: everything the rules above do not allow (overrides the Azure default rules)');
      addFixed(g, 'deny-all-outbound', 'Outbound', 'Deny', '*', '*', 'default deny: everything the rules above do not allow (overrides the Azure default rules)');
      groups.push(g);
    }
    file = 'zone-firewall.tf';
    output = [
      'output "zone_network_security_group_ids" {',
      ...attrLines([['description', hclString("Network security group of each zone: associate it with the zone's subnets")]], '  '),
      '  value = {',
      ...attrLines(
        groups.map((g) => [hclString(g.outputKey), `azurerm_network_security_group.${g.ident}.id`] as const),
        '    ',
      ),
      '  }',
      '}',
    ];
  } else {
    const host = policy.host!;
    const g = newNsg(`host_${slug(host)}`, `vbrwall-${slug(host)}`, [`Host ${host}: associate with its network interface (azurerm_network_interface_security_group_association)`], host);
    for (const r of ex.rules) addRule(g, r, 'Inbound');
    addFixed(g, 'deny-all-inbound', 'Inbound', 'Deny', '*', '*', 'default deny: everything the rules above do not allow (overrides the Azure default rules)');
    if (opts.outbound) {
      for (const r of ex.outbound) addRule(g, r, 'Outbound');
      addFixed(g, 'deny-all-outbound', 'Outbound', 'Deny', '*', '*', 'default deny: everything the rules above do not allow (overrides the Azure default rules)');
    }
    groups.push(g);
    file = `${slug(host)}.tf`;
    output = [`output "${g.ident}_network_security_group_id" {`, ...attrLines([['value', `azurerm_network_security_group.${g.ident}.id`]], '  '), '}'];
  }

  for (const g of groups) assignPriorities(g, diagnostics);
  const lines = [...headerLines(policy, 'azure').map((l) => `# ${hclComment(l)}`), `# Needs ${PROVIDER_FILE} (provider and variables) in the same directory.`];
  if (policy.scope === 'host' && !opts.outbound) lines.push('# Outbound traffic is left to the Azure default rules (render with --outbound to restrict it).');
  for (const g of groups) lines.push('', ...nsgLines(g));
  lines.push('', ...output, '');
  return {
    diagnostics: uniqueDiagnostics(diagnostics),
    files: [
      { path: file, content: lines.join('\n') },
      { path: PROVIDER_FILE, content: providerFile() },
    ],
  };
}
