/**
 * AWS security groups as Terraform (hashicorp/aws provider 5.x):
 * - zone firewall: one `aws_security_group` per zone, to attach to every instance of the zone, with an
 *   `aws_vpc_security_group_ingress_rule` per peer and port range for the flows entering the zone and
 *   an `aws_vpc_security_group_egress_rule` per peer and port range for the flows leaving it
 *   (Terraform removes AWS's default allow-all egress rule, so leaving flows need rules too), and a
 *   self-referencing rule pair for the traffic inside the zone, which a zone firewall does not filter.
 *   The peer is the address object: one with a single prefix of the family is written inline
 *   (`cidr_ipv4`/`cidr_ipv6`); one with several is an `aws_ec2_managed_prefix_list` per family
 *   (`max_entries` = its size, each entry naming its hosts), defined once and named by every rule
 *   through `prefix_list_id`. The purposes of a rule are written once, above its ingress rule;
 *   its egress rule points there (both descriptions carry them);
 * - host: one group for the host with its inbound rules, and its outbound rules with --outbound
 *   (otherwise one allow-all egress rule per address family, as the host's outbound is not filtered),
 *   prefixes inline (so that `vbrwall audit` of the group's describe-security-groups JSON sees them).
 * Security groups are stateful (return traffic is allowed) and deny what no rule allows.
 * A group matches no destination address: in zone scope, a rule opens its ports on every instance
 * that attaches the zone's group (reported as an info diagnostic; --scope host is exact).
 * Quotas are warnings, never cuts: a group over 60 rules per direction and family, where a rule
 * naming a prefix list counts as its max_entries, and more than 100 prefix lists per Region (both
 * adjustable); an object of more than 1,000 prefixes (a prefix list's most) stays inline.
 *
 * Syntax checked against the Terraform AWS provider documentation (hashicorp/terraform-provider-aws,
 * website/docs/r/): "Resource: aws_vpc_security_group_ingress_rule" (cidr_ipv4, cidr_ipv6,
 * prefix_list_id, referenced_security_group_id, ip_protocol "-1" without ports), "Resource:
 * aws_ec2_managed_prefix_list" (name, address_family IPv4/IPv6, max_entries, `entry` blocks with
 * cidr and description; "NOTE on max_entries": a referencing rule counts as max_entries rules),
 * "Resource: aws_security_group" ("NOTE on Egress rules": Terraform removes the default ALLOW ALL
 * egress rule); EC2 API Reference "CreateSecurityGroup", "IpRange" and "PrefixListId" (names and
 * descriptions: 255 characters, restricted charset), "CreateManagedPrefixList" (name up to 255
 * characters, not starting with com.amazonaws); Amazon VPC User Guide "Amazon VPC quotas" (60
 * inbound and 60 outbound rules per security group, counted per address family; customer-managed
 * prefix lists: 100 per Region, 1,000 entries per list) and "Managed prefix lists" (one address
 * family per list; max_entries counts against the referencing resource's quota).
 * @module
 */
import type { Protocol } from '../../catalog/types.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Host } from '../../model/types.js';
import { cidrContains, type Cidr, type Family } from '../../net/ip.js';
import { slug } from '../../policy/objects.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { cidrFull } from '../_shared/cidr-text.js';
import { familyParts } from '../_shared/families.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { headerLines } from '../_shared/header.js';
import { clip } from '../_shared/text.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { attrLines, uniqueDiagnostics } from './_common.js';
import { awsGroupName, awsText, awsTextUncached, hclComment, hclString, IdentAllocator } from './quote.js';
import { groupBy } from '../_shared/group-by.js';
import { internetSpelledOut } from '../_shared/internal.js';

export const AWS_SUPPORTS: Supports = { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true };

/** Default quota of rules per group, direction and address family (adjustable on request). */
export const RULES_PER_GROUP = 60;
/** Default quota of customer-managed prefix lists per Region (adjustable on request). */
export const PREFIX_LISTS_PER_REGION = 100;
/** Most entries a prefix list can hold; a larger object keeps its prefixes inline. */
export const PREFIX_LIST_MAX = 1000;
/** Longest address object label in a comment head or description (the prefix lists name every host). */
const LABEL_MAX = 100;

const ANY: Record<Family, string> = { 4: '0.0.0.0/0', 6: '::/0' };
const PROVIDER_FILE = 'aws-variables.tf';

type Dir = 'ingress' | 'egress';

interface Entry {
  dir: Dir;
  family: Family;
  /** A prefix, a prefix list, or the group itself (traffic inside a zone). */
  cidr?: string;
  list?: PrefixList;
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

/** A customer-managed prefix list: the prefixes of one address family of one address object. */
interface PrefixList {
  ident: string;
  name: string;
  family: Family;
  object: AddressObject;
  /** Prefix and description of each entry. */
  entries: (readonly [string, string])[];
}

/** Prefix lists by address object id and family, shared by every group that names the object. */
type PrefixLists = Map<string, PrefixList>;

function addEntry(g: Group, e: Omit<Entry, 'rules' | 'ident'>, rule?: Rule): void {
  const key = `${e.dir}|${e.family}|${e.list ? `list:${e.list.ident}` : (e.cidr ?? 'self')}|${e.protocol}|${e.ports ? portText(e.ports) : 'all'}`;
  const have = g.keys.get(key);
  if (have) {
    if (rule && !have.rules.includes(rule)) have.rules.push(rule);
    return;
  }
  // Every entry of one shape (a spread of the differently shaped arguments made slow dictionary objects).
  const entry: Entry = { dir: e.dir, family: e.family, cidr: e.cidr, list: e.list, self: e.self, protocol: e.protocol, ports: e.ports, rules: rule ? [rule] : [], note: e.note, ident: '' };
  g.keys.set(key, entry);
  g.entries.push(entry);
}

/** addEntry() for a rule's peer (a prefix or a prefix list) and port range, with no argument object: the same key, the same entry. */
function addPeer(g: Group, dir: Dir, family: Family, cidr: string | undefined, list: PrefixList | undefined, protocol: Protocol, range: readonly [number, number], rule: Rule): void {
  const key = `${dir}|${family}|${list ? `list:${list.ident}` : cidr}|${protocol}|${portText(range)}`;
  const have = g.keys.get(key);
  if (have) {
    if (!have.rules.includes(rule)) have.rules.push(rule);
    return;
  }
  const entry: Entry = { dir, family, cidr, list, self: undefined, protocol, ports: range, rules: [rule], note: undefined, ident: '' };
  g.keys.set(key, entry);
  g.entries.push(entry);
}

/** The prefixes of a family part as text, made once per part (parts are shared by every rule naming the object). */
const PEER_TEXT = new WeakMap<readonly Cidr[], readonly string[]>();
const peerText = (peers: readonly Cidr[]): readonly string[] => {
  let t = PEER_TEXT.get(peers);
  if (!t) PEER_TEXT.set(peers, (t = peers.map(cidrFull)));
  return t;
};

/** The prefix lists of each object by family, looked up by id once per object. */
const LIST_OF = new WeakMap<PrefixLists, Map<AddressObject, (PrefixList | undefined)[]>>();
function listOf(lists: PrefixLists, o: AddressObject, family: Family): PrefixList | undefined {
  let byObject = LIST_OF.get(lists);
  if (!byObject) LIST_OF.set(lists, (byObject = new Map()));
  let l = byObject.get(o);
  if (!l) byObject.set(o, (l = [undefined, lists.get(`${o.id}|4`), lists.get(`${o.id}|6`)]));
  return l[family === 4 ? 1 : 2];
}

/**
 * The entries of one rule in one direction: one per prefix of the peer side and port range.
 * A rule whose ends share no address family has no part (the policy reports it).
 */
function addRule(g: Group, r: Rule, dir: Dir, lists?: PrefixLists): void {
  for (const p of familyParts(r)) {
    const peers = dir === 'ingress' ? p.sources : p.destinations;
    const list = lists && peers && peers.length > 1 && peers.length <= PREFIX_LIST_MAX ? listOf(lists, dir === 'ingress' ? r.source : r.destination, p.family) : undefined;
    if (list) {
      for (const s of r.services) for (const range of s.ports) addPeer(g, dir, p.family, undefined, list, s.protocol, range, r);
      continue;
    }
    const cidrs = peers ? peerText(peers) : [ANY[p.family]];
    for (const s of r.services) for (const range of s.ports) for (const cidr of cidrs) addPeer(g, dir, p.family, cidr, undefined, s.protocol, range, r);
  }
}

/**
 * A prefix list for each address object with more than one prefix of a family on the peer side
 * of some rule (zone scope), in id order. Each entry names the hosts whose addresses it holds.
 */
function prefixLists(rules: readonly Rule[], hosts: ReadonlyMap<string, Host>, idents: IdentAllocator): PrefixLists {
  const objects = new Map<string, AddressObject>();
  for (const r of rules) for (const o of [r.source, r.destination]) if (!o.any && o.cidrs.length > 1) objects.set(o.id, o);
  const out: PrefixLists = new Map();
  for (const o of [...objects.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    for (const family of [4, 6] as const) {
      const cidrs = o.cidrs.filter((c) => c.family === family);
      if (cidrs.length < 2 || cidrs.length > PREFIX_LIST_MAX) continue;
      const suffix = family === 6 ? '-v6' : '';
      const names = entryHosts(o, cidrs, hosts);
      out.set(`${o.id}|${family}`, {
        ident: idents.take(`pl_${o.id}${family === 6 ? '_v6' : ''}`),
        name: awsText(`vbrwall-${o.id}${suffix}`),
        family,
        object: o,
        entries: cidrs.map((c, i) => [cidrFull(c), awsText(names[i]!.length ? names[i]!.join(', ') : o.label)] as const),
      });
    }
  return out;
}

/** For each prefix of an object (sorted, disjoint), the names of its hosts with an address in it. */
function entryHosts(o: AddressObject, cidrs: readonly Cidr[], hosts: ReadonlyMap<string, Host>): string[][] {
  const out = cidrs.map((): string[] => []);
  for (const name of o.hosts)
    for (const a of hosts.get(name)?.addresses ?? []) {
      if (a.family !== cidrs[0]!.family) continue;
      // The last prefix starting at or below the address: the only one that can hold it.
      let lo = 0;
      let hi = cidrs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (cidrs[mid]!.base <= a.base) lo = mid;
        else hi = mid - 1;
      }
      const at = out[lo]!;
      if (cidrContains(cidrs[lo]!, a) && at[at.length - 1] !== name) at.push(name);
    }
  return out;
}

function prefixListLines(out: Lines, l: PrefixList): void {
  out.push(
    `# ${hclComment(`${clip(l.object.label, LABEL_MAX)}: IPv${l.family} prefixes (each entry names its hosts)`)}`,
    `resource "aws_ec2_managed_prefix_list" "${l.ident}" {`,
    ...attrLines(
      [
        ['name', hclString(l.name)],
        ['address_family', hclString(l.family === 4 ? 'IPv4' : 'IPv6')],
        ['max_entries', String(l.entries.length)],
      ],
      '  ',
    ),
  );
  // An empty line and the entry block, as one piece of text (the lines attrLines would give).
  for (const [cidr, text] of l.entries) out.add(`\n  entry {\n${ENTRY_KEY.cidr}${hclString(cidr)}\n${ENTRY_KEY.description}${hclString(text)}\n  }`);
  out.push('', '  tags = {', ...attrLines([['Name', hclString(l.name)]], '    '), '  }', '}');
}

function newGroup(ident: string, name: string, description: string, about: string[], outputKey: string): Group {
  return { ident, name, description, about, entries: [], keys: new Map(), outputKey };
}

/**
 * sourceText() with `#` for `§`, as asciiTypography() would write it: the same text after quoting,
 * but ASCII, so that quoting skips its typography and Unicode passes.
 */
const asciiSourceText = (sources: readonly { page: string; section: string }[]): string => sources.map((s) => `${s.page} # ${s.section}`).join('; ');

/** A label cut for comments and descriptions: a set of hundreds of hosts must not hide the reasons. */
const shortLabel = (o: AddressObject): string => clip(o.label, LABEL_MAX);

/** Comment lines and descriptions, made once per rule (a rule has an entry per port range and peer). */
class Texts {
  private readonly comments = new Map<Rule, string>();
  private readonly descriptions = new Map<Rule, string>();
  /** Descriptions of entries that serve several rules, by the rules' names. */
  private readonly shared = new Map<string, string>();
  private readonly quoted = new Map<string, string>();

  private readonly heads = new Map<Rule, string>();
  private readonly pointers = new Map<Rule, string>();

  /** `NAME: SOURCE -> DESTINATION` of a rule, comment-safe (its comment head, and its "also serves" line). */
  head(r: Rule): string {
    let h = this.heads.get(r);
    if (h === undefined) this.heads.set(r, (h = hclComment(`${r.name}: ${shortLabel(r.source)} -> ${shortLabel(r.destination)}`)));
    return h;
  }

  comment(r: Rule): string {
    let c = this.comments.get(r);
    if (c === undefined) {
      const lines = [`# ${this.head(r)}`];
      if (r.phase === 'deploy') lines.push('#   deploy phase only: remove after installation or upgrade');
      if (r.failover) lines.push('#   failover ports only');
      for (const p of r.purposes) lines.push(`#   ${hclComment(p)}`);
      if (r.sources.length) lines.push(`#   source: ${hclComment(asciiSourceText(r.sources))}`);
      this.comments.set(r, (c = lines.join('\n')));
    }
    return c;
  }

  /** The head line of a rule's comment and where its reasons are written. */
  pointer(r: Rule, ingressGroup: string): string {
    // Kept per rule: a rule's ingress group is its destination zone's, the same on every call.
    const hit = this.pointers.get(r);
    if (hit !== undefined && hit.endsWith(`aws_security_group.${ingressGroup}`)) return hit;
    const lines = [`# ${this.head(r)}`];
    if (r.phase === 'deploy') lines.push('#   deploy phase only: remove after installation or upgrade');
    if (r.failover) lines.push('#   failover ports only');
    lines.push(`#   purposes and sources: at its ingress rule in aws_security_group.${ingressGroup}`);
    const p = lines.join('\n');
    this.pointers.set(r, p);
    return p;
  }

  /** The rule description: markers first (they survive the cut at 255 characters), then names and reasons. */
  description(e: Entry): string {
    if (!e.rules.length) return awsText(e.note ?? '');
    const only = e.rules.length === 1 ? e.rules[0]! : undefined;
    const hit = only && this.descriptions.get(only);
    if (hit !== undefined) return hit;
    // Entries that serve the same rules (one per port range) share their description.
    const key = only ? '' : e.rules.map((r) => r.name).join('\u0000');
    const shared = only ? undefined : this.shared.get(key);
    if (shared !== undefined) return shared;
    const deploy = e.rules.every((r) => r.phase === 'deploy') ? 'DEPLOY PHASE ONLY, remove after installation: ' : '';
    const failover = e.rules.every((r) => r.failover) ? 'failover ports: ' : '';
    const head = e.rules.map((r) => `${r.name} (${shortLabel(r.source)} to ${shortLabel(r.destination)})`).join('; ');
    const purposes = [...new Set(e.rules.flatMap((r) => r.purposes))].join(' ');
    const sources = asciiSourceText([...new Map(e.rules.flatMap((r) => r.sources).map((s) => [`${s.page}#${s.section}`, s])).values()]);
    const d = awsTextUncached(`${deploy}${failover}${head}: ${purposes} Source: ${sources}`);
    if (only) this.descriptions.set(only, d);
    else this.shared.set(key, d);
    return d;
  }

  private readonly quotedOf = new Map<Rule, string>();

  /** description() as an HCL string, quoted once per text (and kept per rule for the entries of one rule). */
  quotedDescription(e: Entry): string {
    const only = e.rules.length === 1 ? e.rules[0]! : undefined;
    const hit = only && this.quotedOf.get(only);
    if (hit) return hit;
    // A rule's own description names it: no other text is the same, so it is quoted without a lookup.
    const d = this.description(e);
    if (only) {
      const q = hclString(d);
      this.quotedOf.set(only, q);
      return q;
    }
    let q = this.quoted.get(d);
    if (q === undefined) this.quoted.set(d, (q = hclString(d)));
    return q;
  }
}

const INGRESS = 'aws_vpc_security_group_ingress_rule';
const EGRESS = 'aws_vpc_security_group_egress_rule';

/** Attribute keys padded as `terraform fmt` aligns them: to the longest key of the block. */
const padded = (keys: readonly string[], indent = '  '): Record<string, string> => {
  const w = Math.max(...keys.map((k) => k.length));
  return Object.fromEntries(keys.map((k) => [k, `${indent}${k.padEnd(w)} = `]));
};
const ENTRY_KEY = padded(['cidr', 'description'], '    ');
const RULE_KEYS = ['security_group_id', 'description', 'cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'ip_protocol', 'from_port', 'to_port'];
const PEER_KEY = padded(RULE_KEYS);
const SELF_KEY = padded([...RULE_KEYS, 'referenced_security_group_id']);

/** One rule resource as one string (the same text attrLines would give, without the arrays). */
function entryLines(out: Lines, g: Group, e: Entry, texts: Texts): void {
  const k = e.self ? SELF_KEY : PEER_KEY;
  const group = `aws_security_group.${g.ident}.id`;
  let text = `resource "${e.dir === 'ingress' ? INGRESS : EGRESS}" "${e.ident}" {\n${k.security_group_id}${group}\n${k.description}${texts.quotedDescription(e)}\n`;
  if (e.self) text += `${k.referenced_security_group_id}${group}\n`;
  else if (e.list) text += `${k.prefix_list_id}aws_ec2_managed_prefix_list.${e.list.ident}.id\n`;
  else text += `${e.family === 4 ? k.cidr_ipv4 : k.cidr_ipv6}${hclString(e.cidr!)}\n`;
  text += `${k.ip_protocol}${hclString(e.protocol)}\n`;
  if (e.ports) text += `${k.from_port}${e.ports[0]}\n${k.to_port}${e.ports[1]}\n`;
  out.push(`${text}}`);
}

/**
 * `ingressOf`: in zone scope, the group of each zone by zone name. A rule between two zones has an
 * ingress rule in one group and an egress rule in the other: its purposes are written once, above
 * the ingress rule, and the egress rule points there (its description still carries them).
 */
function groupLines(out: Lines, g: Group, texts: Texts, ingressOf?: ReadonlyMap<string, Group>): void {
  for (const l of g.about) out.push(`# ${hclComment(l)}`);
  out.push(
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
  );
  let last: Rule | undefined;
  for (const dir of ['ingress', 'egress'] as const)
    for (const e of g.entries) {
      if (e.dir !== dir) continue;
      out.push('');
      const first = e.rules[0];
      const at = first && dir === 'egress' ? ingressOf?.get(first.toZone) : undefined;
      if (first && first !== last) out.push(at ? texts.pointer(first, at.ident) : texts.comment(first));
      else if (!first) out.push(`# ${hclComment(e.note ?? '')}`);
      for (let i = 1; i < e.rules.length; i++) {
        const other = e.rules[i]!;
        out.push(`#   also serves ${texts.head(other)}`);
      }
      entryLines(out, g, e, texts);
      last = first;
    }
}

/** Resource names: from the rule name, protocol, ports and prefix, so they stay put when other rules change. */
function nameEntries(groups: Group[], prefix: string): void {
  const idents = new IdentAllocator();
  const cidrWords = new Map<string, string>();
  const cidrWord = (c: string): string => {
    let w = cidrWords.get(c);
    if (w === undefined) cidrWords.set(c, (w = c.replace(/[.:/]/g, '_')));
    return w;
  };
  for (const g of groups)
    for (const e of g.entries) {
      const what = e.self ? 'within_zone' : `${e.protocol === '-1' ? 'all' : e.protocol}_${e.ports ? portText(e.ports) : 'all'}_${e.list ? e.list.ident : cidrWord(e.cidr!)}`;
      const base = e.rules[0] ? `${prefix}${e.rules[0].name}_${what}` : `${g.ident}_${e.dir}_${what}`;
      e.ident = idents.take(base);
    }
}

function quotaDiagnostics(groups: Group[], zoneScope: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const g of groups)
    for (const dir of ['ingress', 'egress'] as const)
      for (const family of [4, 6] as const) {
        let n = 0;
        let lists = 0;
        for (const e of g.entries)
          if (e.dir === dir && e.family === family) {
            n += e.list ? e.list.entries.length : 1;
            if (e.list) lists++;
          }
        if (n > RULES_PER_GROUP)
          out.push({
            code: 'RENDER_UNSUPPORTED',
            severity: 'warning',
            message: `security group ${g.name} has ${n} ${dir} IPv${family} rules${lists ? ` (${lists} of them name a prefix list and count as its max_entries)` : ''}, more than the default AWS quota of ${RULES_PER_GROUP}`,
            hint: zoneScope ? 'ask AWS for a higher "Inbound or outbound rules per security group" quota, or use --scope host for smaller groups' : 'ask AWS for a higher "Inbound or outbound rules per security group" quota',
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

export function renderAws(full: Policy, opts: RenderOptions): RenderResult {
  // "Any address" of the internet zone is every address but the internal zones' (_shared/internal.ts).
  const policy = internetSpelledOut(full);
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

  let lists: PrefixLists = new Map();
  if (policy.scope === 'zone-firewall') {
    lists = prefixLists(ex.rules, new Map(d.hosts.map((h) => [h.name, h])), groupIdents);
    const into = groupBy(ex.rules, (r) => r.toZone);
    const from = groupBy(ex.rules, (r) => r.fromZone);
    for (const z of d.zones.filter((x) => !x.internet)) {
      const members = d.hosts.filter((h) => h.zone === z.name && (h.kind === 'host' || h.kind === 'group')).map((h) => h.name);
      const g = newGroup(
        groupIdents.take(`zone_${slug(z.name)}`),
        groupName(slug(z.name)),
        awsText(`vbrwall zone ${z.name}: Veeam Backup and Replication flows entering and leaving the zone`),
        [`Zone ${z.name}: attach to every instance of the zone${members.length ? `: ${members.join(', ')}` : ''}`],
        z.name,
      );
      for (const r of into.get(z.name) ?? []) addRule(g, r, 'ingress', lists);
      for (const r of from.get(z.name) ?? []) addRule(g, r, 'egress', lists);
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
  diagnostics.push(...quotaDiagnostics(groups, policy.scope === 'zone-firewall'));
  if (lists.size > PREFIX_LISTS_PER_REGION)
    diagnostics.push({
      code: 'RENDER_UNSUPPORTED',
      severity: 'warning',
      message: `the zone firewall uses ${lists.size} customer-managed prefix lists, more than the default AWS quota of ${PREFIX_LISTS_PER_REGION} per Region`,
      hint: 'ask AWS for a higher "Customer-managed prefix lists per Region" quota',
    });
  // Joined in chunks as it goes (_shared/chunks.ts): the file is most of what the render allocates.
  const lines = new Lines();
  lines.push(...headerLines(policy, 'aws').map((l) => `# ${hclComment(l)}`), `# Needs ${PROVIDER_FILE} (provider and variable "vpc_id") in the same directory.`);
  if (lists.size) {
    lines.push('', '# Prefix lists: the address objects with more than one prefix, named by the rules below.');
    for (const l of lists.values()) {
      lines.push('');
      prefixListLines(lines, l);
    }
  }
  const texts = new Texts();
  const ingressOf = policy.scope === 'zone-firewall' ? new Map(groups.map((g) => [g.outputKey, g])) : undefined;
  for (const g of groups) {
    lines.push('');
    groupLines(lines, g, texts, ingressOf);
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
