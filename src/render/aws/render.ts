/**
 * AWS security groups as Terraform (hashicorp/aws provider 5.x):
 * - zone firewall: one `aws_security_group` per zone, to attach to every instance of the zone, with an
 *   `aws_vpc_security_group_ingress_rule` per source prefix and port range for the flows entering the
 *   zone and an `aws_vpc_security_group_egress_rule` per destination prefix for the flows leaving it
 *   (Terraform removes AWS's default allow-all egress rule, so leaving flows need rules too), and a
 *   self-referencing rule pair for the traffic inside the zone, which a zone firewall does not filter;
 * - host: one group for the host with its inbound rules, and its outbound rules with --outbound
 *   (otherwise one allow-all egress rule per address family, as the host's outbound is not filtered).
 * Security groups are stateful (return traffic is allowed) and deny what no rule allows.
 * A group matches no destination address: in zone scope, a rule opens its ports on every instance
 * that attaches the zone's group (reported as an info diagnostic; --scope host is exact).
 *
 * Syntax checked against the Terraform AWS provider documentation (hashicorp/terraform-provider-aws,
 * website/docs/r/): "Resource: aws_vpc_security_group_ingress_rule" (cidr_ipv4, cidr_ipv6,
 * referenced_security_group_id, ip_protocol "-1" without ports), "Resource: aws_security_group"
 * ("NOTE on Egress rules": Terraform removes the default ALLOW ALL egress rule); EC2 API Reference
 * "CreateSecurityGroup" and "IpRange" (names and descriptions: 255 characters, restricted charset);
 * Amazon VPC User Guide "Amazon VPC quotas" (60 inbound and 60 outbound rules per security group,
 * counted per address family).
 * @module
 */
import type { Protocol } from '../../catalog/types.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { formatCidr, type Family } from '../../net/ip.js';
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { familyParts } from '../_shared/families.js';
import { headerLines } from '../_shared/header.js';
import { sourceText } from '../_shared/text.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { attrLines, uniqueDiagnostics } from './_common.js';
import { awsGroupName, awsText, hclComment, hclString, IdentAllocator } from './quote.js';

export const AWS_SUPPORTS: Supports = { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true };

/** Default quota of rules per group, direction and address family (adjustable on request). */
export const RULES_PER_GROUP = 60;

const ANY: Record<Family, string> = { 4: '0.0.0.0/0', 6: '::/0' };
const PROVIDER_FILE = 'aws-variables.tf';

type Dir = 'ingress' | 'egress';

interface Entry {
  dir: Dir;
  family: Family;
  /** A prefix, or the group itself (traffic inside a zone). */
  cidr?: string;
  self?: boolean;
  protocol: Protocol | '-1';
  ports?: readonly [number, number];
  /** The policy rules this entry serves (several when rules meet on the same prefix and ports). */
  rules: Rule[];
  /** Why the entry exists when no rule stands behind it. */
  note?: string;
  ident: string;
}

interface Group {
  ident: string;
  name: string;
  description: string;
  /** Comment lines above the group: what attaches it. */
  about: string[];
  entries: Entry[];
  keys: Map<string, Entry>;
  outputKey: string;
}

const portText = ([a, b]: readonly [number, number]): string => (a === b ? String(a) : `${a}-${b}`);

function addEntry(g: Group, e: Omit<Entry, 'rules' | 'ident'>, rule?: Rule): void {
  const key = [e.dir, e.family, e.cidr ?? 'self', e.protocol, e.ports ? portText(e.ports) : 'all'].join('|');
  const have = g.keys.get(key);
  if (have) {
    if (rule && !have.rules.includes(rule)) have.rules.push(rule);
    return;
  }
  const entry: Entry = { ...e, rules: rule ? [rule] : [], ident: '' };
  g.keys.set(key, entry);
  g.entries.push(entry);
}

/**
 * The entries of one rule in one direction: one per prefix of the peer side and port range.
 * A rule whose ends share no address family has no part (the policy reports it).
 */
function addRule(g: Group, r: Rule, dir: Dir): void {
  for (const p of familyParts(r)) {
    const peers = dir === 'ingress' ? p.sources : p.destinations;
    const cidrs = peers ? peers.map((c) => formatCidr(c)) : [ANY[p.family]];
    for (const s of r.services) for (const range of s.ports) for (const cidr of cidrs) addEntry(g, { dir, family: p.family, cidr, protocol: s.protocol, ports: range }, r);
  }
}

function newGroup(ident: string, name: string, description: string, about: string[], outputKey: string): Group {
  return { ident, name, description, about, entries: [], keys: new Map(), outputKey };
}

function ruleComment(r: Rule): string[] {
  const lines = [`# ${hclComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`];
  if (r.phase === 'deploy') lines.push('#   deploy phase only: remove after installation or upgrade');
  if (r.failover) lines.push('#   failover ports only');
  for (const p of r.purposes) lines.push(`#   ${hclComment(p)}`);
  if (r.sources.length) lines.push(`#   source: ${hclComment(sourceText(r.sources))}`);
  return lines;
}

/** The rule description: markers first (they survive the cut at 255 characters), then names and reasons. */
function description(e: Entry): string {
  if (!e.rules.length) return awsText(e.note ?? '');
  const deploy = e.rules.every((r) => r.phase === 'deploy') ? 'DEPLOY PHASE ONLY, remove after installation: ' : '';
  const failover = e.rules.every((r) => r.failover) ? 'failover ports: ' : '';
  const head = e.rules.map((r) => `${r.name} (${r.source.label} to ${r.destination.label})`).join('; ');
  const purposes = [...new Set(e.rules.flatMap((r) => r.purposes))].join(' ');
  const sources = sourceText([...new Map(e.rules.flatMap((r) => r.sources).map((s) => [`${s.page}#${s.section}`, s])).values()]);
  return awsText(`${deploy}${failover}${head}: ${purposes} Source: ${sources}`);
}

function entryLines(g: Group, e: Entry): string[] {
  const type = e.dir === 'ingress' ? 'aws_vpc_security_group_ingress_rule' : 'aws_vpc_security_group_egress_rule';
  const pairs: [string, string][] = [
    ['security_group_id', `aws_security_group.${g.ident}.id`],
    ['description', hclString(description(e))],
  ];
  if (e.self) pairs.push(['referenced_security_group_id', `aws_security_group.${g.ident}.id`]);
  else pairs.push([e.family === 4 ? 'cidr_ipv4' : 'cidr_ipv6', hclString(e.cidr!)]);
  pairs.push(['ip_protocol', hclString(e.protocol)]);
  if (e.ports) pairs.push(['from_port', String(e.ports[0])], ['to_port', String(e.ports[1])]);
  return [`resource "${type}" "${e.ident}" {`, ...attrLines(pairs, '  '), '}'];
}

function groupLines(g: Group): string[] {
  const out = [
    ...g.about.map((l) => `# ${hclComment(l)}`),
    `resource "aws_security_group" "${g.ident}" {`,
    ...attrLines(
      [
        ['name', hclString(g.name)],
        ['description', hclString(g.description)],
        ['vpc_id', 'var.vpc_id'],
      ],
      '  ',
    ),
    '',
    '  tags = {',
    ...attrLines([['Name', hclString(g.name)]], '    '),
    '  }',
    '}',
  ];
  let last: Rule | undefined;
  for (const dir of ['ingress', 'egress'] as const)
    for (const e of g.entries.filter((x) => x.dir === dir)) {
      out.push('');
      const first = e.rules[0];
      if (first && first !== last) out.push(...ruleComment(first));
      else if (!first) out.push(`# ${hclComment(e.note ?? '')}`);
      for (const other of e.rules.slice(1)) out.push(`#   also serves ${hclComment(`${other.name}: ${other.source.label} -> ${other.destination.label}`)}`);
      out.push(...entryLines(g, e));
      last = first;
    }
  return out;
}

/** Resource names: from the rule name, protocol, ports and prefix, so they stay put when other rules change. */
function nameEntries(groups: Group[], prefix: string): void {
  const idents = new IdentAllocator();
  for (const g of groups)
    for (const e of g.entries) {
      const what = e.self ? 'within_zone' : `${e.protocol === '-1' ? 'all' : e.protocol}_${e.ports ? portText(e.ports) : 'all'}_${e.cidr!.replace(/[.:/]/g, '_')}`;
      const base = e.rules[0] ? `${prefix}${e.rules[0].name}_${what}` : `${g.ident}_${e.dir}_${what}`;
      e.ident = idents.take(base);
    }
}

function quotaDiagnostics(groups: Group[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const g of groups)
    for (const dir of ['ingress', 'egress'] as const)
      for (const family of [4, 6] as const) {
        const n = g.entries.filter((e) => e.dir === dir && e.family === family).length;
        if (n > RULES_PER_GROUP)
          out.push({
            code: 'RENDER_UNSUPPORTED',
            severity: 'warning',
            message: `security group ${g.name} has ${n} ${dir} IPv${family} rules, more than the default AWS quota of ${RULES_PER_GROUP}`,
            hint: 'ask AWS for a higher "Inbound or outbound rules per security group" quota, or use --scope host for smaller groups',
          });
      }
  return out;
}

function providerFile(): string {
  return [
    '# vbrwall: provider and variables shared by every vbrwall AWS file of this directory.',
    'terraform {',
    '  required_providers {',
    '    aws = {',
    ...attrLines(
      [
        ['source', hclString('hashicorp/aws')],
        ['version', hclString('>= 5.0')],
      ],
      '      ',
    ),
    '    }',
    '  }',
    '}',
    '',
    'variable "vpc_id" {',
    ...attrLines(
      [
        ['description', hclString('ID of the VPC that holds the security groups')],
        ['type', 'string'],
      ],
      '  ',
    ),
    '}',
    '',
  ].join('\n');
}

export function renderAws(policy: Policy, opts: RenderOptions): RenderResult {
  const ex = expressible(policy, AWS_SUPPORTS, 'aws');
  const diagnostics: Diagnostic[] = [...ex.diagnostics];
  const groups: Group[] = [];
  const groupIdents = new IdentAllocator();
  const usedNames = new Set<string>();
  const groupName = (s: string): string => {
    let name = awsGroupName(s);
    for (let i = 2; usedNames.has(name.toLowerCase()); i++) name = awsGroupName(`${s}-${i}`);
    usedNames.add(name.toLowerCase());
    return name;
  };
  const d = policy.deployment;
  let prefix = '';
  let file: string;
  let output: string[];

  if (policy.scope === 'zone-firewall') {
    for (const z of d.zones.filter((x) => !x.internet)) {
      const members = d.hosts.filter((h) => h.zone === z.name && (h.kind === 'host' || h.kind === 'group')).map((h) => h.name);
      const g = newGroup(
        groupIdents.take(`zone_${slug(z.name)}`),
        groupName(slug(z.name)),
        awsText(`vbrwall zone ${z.name}: Veeam Backup and Replication flows entering and leaving the zone`),
        [`Zone ${z.name}: attach to every instance of the zone${members.length ? `: ${members.join(', ')}` : ''}`],
        z.name,
      );
      for (const r of ex.rules.filter((x) => x.toZone === z.name)) addRule(g, r, 'ingress');
      for (const r of ex.rules.filter((x) => x.fromZone === z.name)) addRule(g, r, 'egress');
      const within = `traffic inside zone ${z.name} (a zone firewall does not filter it; ${policy.notCovered} plan flows stay inside zones): use --scope host to restrict it`;
      addEntry(g, { dir: 'ingress', family: 4, self: true, protocol: '-1', note: within });
      addEntry(g, { dir: 'egress', family: 4, self: true, protocol: '-1', note: within });
      groups.push(g);
    }
    diagnostics.push({
      code: 'RENDER_UNSUPPORTED',
      severity: 'info',
      message: 'AWS security groups match no destination address: each zone group opens its rules to every instance that attaches it',
      hint: 'use --scope host --host NAME for a group per instance that opens exactly its own ports',
    });
    file = 'zone-firewall.tf';
    output = [
      'output "zone_security_group_ids" {',
      ...attrLines([['description', hclString('Security group of each zone: attach it to every instance of the zone')]], '  '),
      '  value = {',
      ...attrLines(
        groups.map((g) => [hclString(g.outputKey), `aws_security_group.${g.ident}.id`] as const),
        '    ',
      ),
      '  }',
      '}',
    ];
  } else {
    const host = policy.host!;
    const g = newGroup(
      groupIdents.take(`host_${slug(host)}`),
      groupName(slug(host)),
      awsText(`vbrwall host ${host}: Veeam Backup and Replication flows of the host`),
      [`Host ${host}: attach to its network interface`],
      host,
    );
    prefix = `${g.ident}_`;
    for (const r of ex.rules) addRule(g, r, 'ingress');
    if (opts.outbound) for (const r of ex.outbound) addRule(g, r, 'egress');
    else
      for (const family of [4, 6] as const)
        addEntry(g, { dir: 'egress', family, cidr: ANY[family], protocol: '-1', note: `outbound IPv${family} traffic of ${host} is not filtered (render with --outbound to restrict it)` });
    groups.push(g);
    file = `${slug(host)}.tf`;
    output = [`output "${g.ident}_security_group_id" {`, ...attrLines([['value', `aws_security_group.${g.ident}.id`]], '  '), '}'];
  }

  nameEntries(groups, prefix);
  diagnostics.push(...quotaDiagnostics(groups));
  const lines = [...headerLines(policy, 'aws').map((l) => `# ${hclComment(l)}`), `# Needs ${PROVIDER_FILE} (provider and variable "vpc_id") in the same directory.`];
  for (const g of groups) lines.push('', ...groupLines(g));
  lines.push('', ...output, '');
  return {
    diagnostics: uniqueDiagnostics(diagnostics),
    files: [
      { path: file, content: lines.join('\n') },
      { path: PROVIDER_FILE, content: providerFile() },
    ],
  };
}
