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
 * rules that do not fit below 4096 are reported as errors. A group over Azure's limits (1,000
 * rules; 4,000 source and 4,000 destination prefixes named by its rules) is a warning naming it.
 * Each policy rule's reasons are written once per group, above its first security rule; in zone
 * scope an outbound rule points to its inbound rule's reasons (both descriptions carry them).
 *
 * Syntax checked against the Terraform azurerm provider documentation
 * (hashicorp/terraform-provider-azurerm, website/docs/r/network_security_group.html.markdown:
 * "security_rule" name, description "Restricted to 140 characters", protocol Tcp/Udp/Icmp/*,
 * *_address_prefix(es), destination_port_range(s), priority 100-4096 unique, direction, access);
 * Microsoft Learn "Network security groups: Security rules" and "Azure subscription and service
 * limits", Networking limits (1,000 rules per NSG; "IP addresses and ranges specified for source
 * or destination in a security group": 4,000, applied to sources and destinations apart;
 * MicrosoftDocs/azure-docs includes/azure-virtual-network-limits.md); MicrosoftDocs/azure-docs#34567 and
 * hashicorp/terraform-provider-azurerm#12534 (no mixed address families in one rule).
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import { formatCidr, mergeCidrs, type Cidr, type Family } from '../../net/ip.js';
import { cidrFull } from '../_shared/cidr-text.js';
import { slug } from '../../policy/objects.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { familyParts } from '../_shared/families.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { headerLines } from '../_shared/header.js';
import { clip } from '../_shared/text.js';
import { attrLines, uniqueDiagnostics } from '../aws/_common.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { azureDescription, hclComment, hclString, IdentAllocator, NameAllocator } from './quote.js';
import { groupBy } from '../_shared/group-by.js';
import { internetSpelledOut } from '../_shared/internal.js';

export const AZURE_SUPPORTS: Supports = { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true };

export const FIRST_PRIORITY = 100;
export const DENY_PRIORITY = 4096;
/** Azure's limit of security rules per network security group. */
export const RULES_PER_NSG = 1000;
/** Azure's limit of prefixes named by the rules of a group, for sources and destinations apart. */
export const PREFIXES_PER_NSG = 4000;
/**
 * An address list of at least this many prefixes that several security rules name is written once,
 * as a Terraform local, and the rules name `local.<name>` (a large deployment repeated each list in
 * every rule of both its zones: 5 of 15 MB). Shorter lists stay inline, where a reader sees them.
 */
export const LOCAL_MIN_PREFIXES = 10;
const STEP = 10;
/** Longest address object label in a comment head. */
const LABEL_MAX = 100;
const PROVIDER_FILE = 'azure-variables.tf';

type Direction = 'Inbound' | 'Outbound';

/** Prefixes of one end of a rule: the HCL list as written, and how many it holds. */
interface Prefixes {
  list: string;
  count: number;
  /** The address object and family they are of (none for the fixed rules' own prefixes). */
  object?: AddressObject;
  family?: Family;
  /** Security rules that name the list. */
  uses: number;
  /** Set when the list is written once as a Terraform local: the rules name `local.<name>`. */
  local?: string;
}

interface SecurityRule {
  name: string;
  direction: Direction;
  access: 'Allow' | 'Deny';
  protocol: 'Tcp' | 'Udp' | '*';
  ports: string[] | '*';
  sources: Prefixes | '*';
  destinations: Prefixes | '*';
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

/**
 * Texts made once per rule or address object and shared by every security rule made from them (a
 * rule has one per family and protocol, and in zone scope one inbound and one outbound).
 */
class Texts {
  private readonly prefixes = new Map<AddressObject, Map<Family, Prefixes>>();
  private readonly descriptions = new Map<Rule, string>();
  private readonly comments = new Map<Rule, string>();

  /** The prefixes of one family of an address object. */
  of(o: AddressObject, family: Family, cidrs: readonly Cidr[]): Prefixes {
    let m = this.prefixes.get(o);
    if (!m) this.prefixes.set(o, (m = new Map()));
    let p = m.get(family);
    if (!p) m.set(family, (p = { ...prefixList(cidrs.map(cidrFull)), object: o, family }));
    return p;
  }

  /**
   * Names the lists of at least `min` prefixes that more than one security rule uses as locals
   * (in the order of their names) and returns the `locals` block, or nothing when there are none.
   */
  locals(min: number, groups: readonly Nsg[]): string[] {
    // Counted over the rules written (after priorities left some out).
    for (const g of groups) for (const r of g.rules) for (const p of [r.sources, r.destinations]) if (p !== '*') p.uses++;
    const shared: Prefixes[] = [];
    for (const m of this.prefixes.values()) for (const p of m.values()) if (p.count >= min && p.uses > 1) shared.push(p);
    if (!shared.length) return [];
    const idents = new IdentAllocator();
    const named = shared
      .sort((a, b) => (a.object!.id < b.object!.id ? -1 : a.object!.id > b.object!.id ? 1 : a.family! - b.family!))
      .map((p) => ((p.local = idents.take(`prefixes_${p.object!.id}${p.family === 6 ? '_v6' : ''}`)), p));
    const out = [
      `# Address lists of ${min} or more prefixes that several rules name, written once: an address object's prefixes of one family.`,
      'locals {',
    ];
    named.forEach((p, i) => {
      if (i) out.push('');
      out.push(`  # ${hclComment(`${shortLabel(p.object!)}: IPv${p.family} (${p.count} prefixes, named by ${p.uses} rules)`)}`, `  ${p.local} = ${p.list}`);
    });
    out.push('}');
    return out;
  }

  description(r: Rule): string {
    let d = this.descriptions.get(r);
    if (d === undefined) {
      const deploy = r.phase === 'deploy' ? 'DEPLOY PHASE ONLY: ' : '';
      const failover = r.failover ? 'failover: ' : '';
      this.descriptions.set(r, (d = azureDescription(`${deploy}${failover}${r.name}: ${r.purposes.join(' ')}`)));
    }
    return d;
  }

  /** The head line of a rule's comment and where its reasons are written. */
  pointer(r: Rule, inboundGroup: string): string {
    const out = [`  # ${hclComment(`${r.name}: ${shortLabel(r.source)} -> ${shortLabel(r.destination)}`)}`];
    if (r.phase === 'deploy') out.push('  #   deploy phase only: remove after installation or upgrade');
    if (r.failover) out.push('  #   failover ports only');
    out.push(`  #   purposes and sources: at its inbound rule in azurerm_network_security_group.${inboundGroup}`);
    return out.join('\n');
  }

  comment(r: Rule): string {
    let c = this.comments.get(r);
    if (c === undefined) {
      const out = [`  # ${hclComment(`${r.name}: ${shortLabel(r.source)} -> ${shortLabel(r.destination)}`)}`];
      if (r.phase === 'deploy') out.push('  #   deploy phase only: remove after installation or upgrade');
      if (r.failover) out.push('  #   failover ports only');
      for (const p of r.purposes) out.push(`  #   ${hclComment(p)}`);
      // `#` for `§`, as hclComment() would write it: the text stays ASCII and skips the Unicode passes.
      if (r.sources.length) out.push(`  #   source: ${hclComment(r.sources.map((x) => `${x.page} # ${x.section}`).join('; '))}`);
      this.comments.set(r, (c = out.join('\n')));
    }
    return c;
  }
}

/** A label cut for comments: a set of hundreds of hosts must not hide the reasons. */
const shortLabel = (o: AddressObject): string => clip(o.label, LABEL_MAX);

const prefixList = (items: string[]): Prefixes => ({ list: list(items), count: items.length, uses: 0 });

/** How a rule names a list: the local, or the list itself. */
const listRef = (p: Prefixes): string => (p.local ? `local.${p.local}` : p.list);

/** One security rule per address family and protocol; a rule whose ends share no family has none (the policy reports it). */
function addRule(g: Nsg, r: Rule, direction: Direction, texts: Texts): void {
  for (const p of familyParts(r))
    for (const s of r.services)
      g.rules.push({
        name: g.names.take(`${r.name}-${s.protocol}${p.family === 6 ? '-v6' : ''}`),
        direction,
        access: 'Allow',
        protocol: PROTOCOL[s.protocol],
        ports: s.ports.map(portText),
        sources: p.sources ? texts.of(r.source, p.family, p.sources) : '*',
        destinations: p.destinations ? texts.of(r.destination, p.family, p.destinations) : '*',
        description: texts.description(r),
        rule: r,
        priority: 0,
      });
}

function addFixed(g: Nsg, name: string, direction: Direction, access: 'Allow' | 'Deny', sources: string[] | '*', destinations: string[] | '*', note: string): void {
  g.rules.push({
    name: g.names.take(name),
    direction,
    access,
    protocol: '*',
    ports: '*',
    sources: sources === '*' ? '*' : prefixList(sources),
    destinations: destinations === '*' ? '*' : prefixList(destinations),
    description: azureDescription(note),
    note,
    priority: access === 'Deny' ? DENY_PRIORITY : 0,
  });
}

/** Allow rules get 100, 110, ... per direction; what does not fit below the deny rule is an error. */
function assignPriorities(g: Nsg, diagnostics: Diagnostic[]): void {
  for (const direction of ['Inbound', 'Outbound'] as const) {
    const allows = g.rules.filter((r) => r.direction === direction && r.access === 'Allow');
    const room = DENY_PRIORITY - FIRST_PRIORITY;
    const step = (allows.length - 1) * STEP < room ? STEP : 1;
    allows.forEach((r, i) => (r.priority = FIRST_PRIORITY + i * step));
    const over = new Set(allows.filter((r) => r.priority >= DENY_PRIORITY));
    for (const r of over)
      diagnostics.push({
        code: 'RENDER_UNSUPPORTED',
        severity: 'error',
        message: `network security group ${g.name} has more ${direction.toLowerCase()} rules than priorities ${FIRST_PRIORITY}-${DENY_PRIORITY - 1}: ${r.name} is not in the output`,
        hint: 'use --scope host for smaller groups',
      });
    if (over.size) g.rules = g.rules.filter((r) => !over.has(r));
  }
  if (g.rules.length > RULES_PER_NSG)
    diagnostics.push({ code: 'RENDER_UNSUPPORTED', severity: 'warning', message: `network security group ${g.name} has ${g.rules.length} rules, more than Azure's limit of ${RULES_PER_NSG}`, hint: 'use --scope host for smaller groups' });
  // The limit on prefixes counts the sources and the destinations of all rules of a group apart.
  for (const side of ['sources', 'destinations'] as const) {
    let n = 0;
    for (const r of g.rules) {
      const p = r[side];
      if (p !== '*') n += p.count;
    }
    if (n > PREFIXES_PER_NSG)
      diagnostics.push({
        code: 'RENDER_UNSUPPORTED',
        severity: 'warning',
        message: `network security group ${g.name} names ${n} ${side === 'sources' ? 'source' : 'destination'} prefixes in its rules, more than Azure's limit of ${PREFIXES_PER_NSG} per group`,
        hint: 'use --scope host for smaller groups, or give groups of hosts a covering cidr',
      });
  }
}

const list = (items: string[]): string => `[${items.map(hclString).join(', ')}]`;

const RULE_KEYS = ['name', 'description', 'priority', 'direction', 'access', 'protocol', 'source_port_range', 'destination_port_range', 'destination_port_ranges', 'source_address_prefix', 'source_address_prefixes', 'destination_address_prefix', 'destination_address_prefixes'];
/** The `=` column: after destination_address_prefixes, or destination_address_prefix, the longest key of a rule. */
const keys = (w: number): Record<string, string> => Object.fromEntries(RULE_KEYS.map((k) => [k, `    ${k.padEnd(w)} = `]));
const KEYS_LIST = keys('destination_address_prefixes'.length);
const KEYS_ONE = keys('destination_address_prefix'.length);
const ANY = hclString('*');

/** One security rule block with its comment, as one string (what attrLines would align). */
function ruleText(r: SecurityRule, head: string): string {
  const KEY = r.destinations === '*' ? KEYS_ONE : KEYS_LIST;
  const ports = r.ports === '*' ? `${KEY.destination_port_range}${ANY}` : `${KEY.destination_port_ranges}${list(r.ports)}`;
  const sources = r.sources === '*' ? `${KEY.source_address_prefix}${ANY}` : `${KEY.source_address_prefixes}${listRef(r.sources)}`;
  const destinations = r.destinations === '*' ? `${KEY.destination_address_prefix}${ANY}` : `${KEY.destination_address_prefixes}${listRef(r.destinations)}`;
  return `${head}${head ? '\n' : ''}  security_rule {
${KEY.name}${hclString(r.name)}
${KEY.description}${hclString(r.description)}
${KEY.priority}${r.priority}
${KEY.direction}${hclString(r.direction)}
${KEY.access}${hclString(r.access)}
${KEY.protocol}${hclString(r.protocol)}
${KEY.source_port_range}${ANY}
${ports}
${sources}
${destinations}
  }`;
}

/**
 * `inboundOf`: in zone scope, the group of each zone by zone name. A rule between two zones is an
 * inbound rule of one group and an outbound rule of the other: its purposes are written once,
 * above the inbound rule, and the outbound rule points there (both descriptions carry them).
 */
function nsgLines(out: Lines, g: Nsg, texts: Texts, inboundOf?: ReadonlyMap<string, Nsg>): void {
  const order = (r: SecurityRule): number => (r.direction === 'Inbound' ? 0 : 10000) + r.priority;
  out.push(
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
  );
  let last: Rule | undefined;
  for (const r of [...g.rules].sort((a, b) => order(a) - order(b))) {
    // A policy rule's reasons once, above its first security rule (the others follow it).
    let head = '';
    if (!r.rule) head = `  # ${hclComment(r.note ?? '')}`;
    else if (r.rule !== last) {
      const at = r.direction === 'Outbound' ? inboundOf?.get(r.rule.toZone) : undefined;
      head = at ? texts.pointer(r.rule, at.ident) : texts.comment(r.rule);
    }
    out.push('', ruleText(r, head));
    last = r.rule;
  }
  out.push('}');
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
  return renderAzureWith(policy, opts, LOCAL_MIN_PREFIXES);
}

/** renderAzure with the least size of a list written as a local (tests use small ones). */
export function renderAzureWith(full: Policy, opts: RenderOptions, localMin: number): RenderResult {
  // "Any address" of the internet zone is every address but the internal zones' (_shared/internal.ts).
  const policy = internetSpelledOut(full);
  const ex = expressible(policy, AZURE_SUPPORTS, 'azure');
  const diagnostics: Diagnostic[] = [...ex.diagnostics];
  const idents = new IdentAllocator();
  const nsgNames = new NameAllocator();
  const groups: Nsg[] = [];
  const d = policy.deployment;
  const newNsg = (ident: string, name: string, about: string[], outputKey: string): Nsg => ({ ident: idents.take(ident), name: nsgNames.take(name), about, rules: [], names: new NameAllocator(), outputKey });
  let file: string;
  let output: string[];

  const texts = new Texts();
  if (policy.scope === 'zone-firewall') {
    const into = groupBy(ex.rules, (r) => r.toZone);
    const from = groupBy(ex.rules, (r) => r.fromZone);
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
      for (const r of into.get(z.name) ?? []) addRule(g, r, 'Inbound', texts);
      for (const r of from.get(z.name) ?? []) addRule(g, r, 'Outbound', texts);
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
    for (const r of ex.rules) addRule(g, r, 'Inbound', texts);
    addFixed(g, 'deny-all-inbound', 'Inbound', 'Deny', '*', '*', 'default deny: everything the rules above do not allow (overrides the Azure default rules)');
    if (opts.outbound) {
      for (const r of ex.outbound) addRule(g, r, 'Outbound', texts);
      addFixed(g, 'deny-all-outbound', 'Outbound', 'Deny', '*', '*', 'default deny: everything the rules above do not allow (overrides the Azure default rules)');
    }
    groups.push(g);
    file = `${slug(host)}.tf`;
    output = [`output "${g.ident}_network_security_group_id" {`, ...attrLines([['value', `azurerm_network_security_group.${g.ident}.id`]], '  '), '}'];
  }

  for (const g of groups) assignPriorities(g, diagnostics);
  // Joined in chunks as it goes (_shared/chunks.ts): the file is most of what the render allocates.
  const lines = new Lines();
  lines.push(...headerLines(policy, 'azure').map((l) => `# ${hclComment(l)}`), `# Needs ${PROVIDER_FILE} (provider and variables) in the same directory.`);
  if (policy.scope === 'host' && !opts.outbound) lines.push('# Outbound traffic is left to the Azure default rules (render with --outbound to restrict it).');
  const locals = texts.locals(localMin, groups);
  if (locals.length) lines.push('', ...locals);
  const inboundOf = policy.scope === 'zone-firewall' ? new Map(groups.map((g) => [g.outputKey, g])) : undefined;
  for (const g of groups) {
    lines.push('');
    nsgLines(lines, g, texts, inboundOf);
  }
  lines.push('', ...output, '');
  return {
    diagnostics: uniqueDiagnostics(diagnostics),
    files: [
      linesFile(file, lines),
      { path: PROVIDER_FILE, content: providerFile() },
    ],
  };
}
