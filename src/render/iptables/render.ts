/**
 * iptables: iptables-save files for iptables-restore, and their IPv6 counterpart for
 * ip6tables-restore when the policy has IPv6 addresses (`NAME.rules`, `NAME.rules6`).
 * Every rule line has a comment with the rule's name, and its purposes too when the rule takes
 * at most 8 lines (a rule of hundreds of lines has them once, in the `#` lines above it).
 * - zone firewall: FORWARD policy DROP, established/related first, then a jump to VBRWALL-FWD,
 *   which matches by address (-s/-d) and port; a rule between two large sets gets a chain of its
 *   own (VBRWALL-FWD-0042: jumps by source, ACCEPTs by destination inside) so that its lines
 *   grow with |S| + |D|, not |S| × |D|;
 * - host: INPUT policy DROP (established/related, loopback, IPv6 neighbour discovery) and a
 *   jump to VBRWALL-IN; with --outbound, OUTPUT policy DROP and VBRWALL-OUT.
 * A file holds the whole filter table, as iptables-save prints it: loading it replaces the table.
 * Syntax checked against iptables-restore(8) and iptables-save(8) (file format, `*table`,
 * `:CHAIN POLICY [0:0]`, `COMMIT`, `--test`), iptables-extensions(8) "multiport" (15 ports,
 * a range counts as two), "comment" (up to 256 characters; libxt_comment.t: 255 pass),
 * "conntrack" (--ctstate), "icmp6" (--icmpv6-type), and iptables/xshared.c
 * `add_param_to_argv` (quoting); each file is checked with `iptables-restore --test` in the tests.
 * @module
 */
import type { Protocol } from '../../catalog/types.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Cidr, Family } from '../../net/ip.js';
import type { PortRange } from '../../net/ports.js';
import { slug } from '../../policy/objects.js';
import type { Policy, Rule } from '../../policy/types.js';
import { expressible, svcText, type Expressible } from '../_shared/capabilities.js';
import { cidrFull } from '../_shared/cidr-text.js';
import { familyParts } from '../_shared/families.js';
import { Lines, linesFile } from '../_shared/chunks.js';
import { headerLines } from '../_shared/header.js';
import { leaveOut } from '../_shared/internal.js';
import type { Deployment } from '../../model/types.js';
import { sourceText } from '../_shared/text.js';
import type { RenderOptions, RenderResult } from '../types.js';
import { chunkPorts } from './multiport.js';
import { iptComment, iptString } from './quote.js';

type Dir = 'forward' | 'in' | 'out';

/** The dedicated chains, jumped to from the built-in ones. */
export const CHAINS: Readonly<Record<Dir, string>> = { forward: 'VBRWALL-FWD', in: 'VBRWALL-IN', out: 'VBRWALL-OUT' };
const RESTORE: Readonly<Record<Family, string>> = { 4: 'iptables-restore', 6: 'ip6tables-restore' };
const SUFFIX: Readonly<Record<Family, string>> = { 4: 'rules', 6: 'rules6' };
/** Neighbour discovery a host needs in each direction, without which IPv6 stops working. */
const ND_IN = ['neighbour-solicitation', 'neighbour-advertisement', 'router-advertisement'] as const;
const ND_OUT = ['neighbour-solicitation', 'neighbour-advertisement', 'router-solicitation'] as const;

const portText = ([a, b]: PortRange): string => (a === b ? String(a) : `${a}:${b}`);

/** One match per multiport list: `-m tcp --dport` for a single item, `-m multiport --dports` otherwise. */
const portMatches = (protocol: Protocol, ports: readonly PortRange[]): string[] =>
  chunkPorts(ports).map((c) => (c.length === 1 ? `-p ${protocol} -m ${protocol} --dport ${portText(c[0]!)}` : `-p ${protocol} -m multiport --dports ${c.map(portText).join(',')}`));

const partsOf = (r: Rule, dir: Dir) => familyParts(r, { omitDestination: dir === 'in', omitSource: dir === 'out' });

/** Lines a rule takes as a flat list of ACCEPTs below which a chain of its own pays. */
const CHAIN_MIN_LINES = 12;
/** Above this many lines, a rule's lines carry its name only; its purposes are in the `#` lines above them. */
const LONG_COMMENT_MAX_LINES = 8;

/**
 * A rule's lines. Flat, one ACCEPT per source × destination × port list, while that is short.
 * A rule between two large sets would take |S| × |D| × m lines that way; it gets a chain of its
 * own instead: one jump per address of the smaller-product side, and inside the chain one ACCEPT
 * per address of the other side and port list (|S| + |D| × m lines, or |D| + |S| × m). A packet
 * that matches no ACCEPT in the chain returns and goes on to the next rule, so the two forms
 * allow exactly the same packets. `chains` collects the chains to declare.
 */
function ruleLines(out: Lines, r: Rule, dir: Dir, family: Family, index: number, chains: string[], d: Deployment): void {
  const part = partsOf(r, dir).find((p) => p.family === family);
  if (!part) return;
  out.push('', `# ${iptComment(`${r.name}: ${r.source.label} -> ${r.destination.label}`)}`);
  for (const p of r.purposes) out.push(`#   ${iptComment(p)}`);
  out.push(`#   source: ${iptComment(sourceText(r.sources))}`);
  if (r.phase === 'deploy') out.push('#   deploy phase only: remove after installation or upgrade');
  const matches = r.services.flatMap((svc) => portMatches(svc.protocol, svc.ports));
  // Each address match with the space that follows it ('' for no match on that side).
  const srcs = part.sources ? addressWords('-s', part.sources) : NO_MATCH;
  const dsts = part.destinations ? addressWords('-d', part.destinations) : NO_MATCH;
  const flat = srcs.length * dsts.length * matches.length;
  const bySource = srcs.length + dsts.length * matches.length;
  const byDestination = dsts.length + srcs.length * matches.length;
  const short = `-m comment --comment ${iptString(r.name)}`;
  const comment = Math.min(flat, bySource, byDestination) > LONG_COMMENT_MAX_LINES ? short : `-m comment --comment ${iptString(`${r.name}: ${r.comment}`)}`;
  // Every ACCEPT line ends the same way: the port match is the only part that varies before it.
  const tails = matches.map((m) => `${m} ${comment} -j ACCEPT`);
  // Any address of the internet zone is every address but the internal zones' (_shared/internal.ts):
  // the rule's chain first returns the internal prefixes, then accepts.
  const outSrc = r.source.any && dir !== 'out' ? leaveOut(d, r.source)[family] : [];
  const outDst = r.destination.any && dir !== 'in' ? leaveOut(d, r.destination)[family] : [];
  if (outSrc.length || outDst.length) {
    const chain = `${CHAINS[dir]}-${String(index).padStart(4, '0')}`;
    chains.push(chain);
    out.push(`#   any address of the internet zone: ${chain} returns the internal zones' prefixes first`);
    out.push(`-A ${CHAINS[dir]} -m comment --comment ${iptString(r.name)} -j ${chain}`);
    for (const c of outSrc) out.push(`-A ${chain} -s ${cidrFull(c)} -j RETURN`);
    for (const c of outDst) out.push(`-A ${chain} -d ${cidrFull(c)} -j RETURN`);
    acceptLines(out, `-A ${chain} `, srcs, dsts, tails);
    return;
  }
  if (flat < CHAIN_MIN_LINES || Math.min(bySource, byDestination) * 2 > flat) {
    acceptLines(out, `-A ${CHAINS[dir]} `, srcs, dsts, tails);
    return;
  }
  const chain = `${CHAINS[dir]}-${String(index).padStart(4, '0')}`;
  chains.push(chain);
  const [outer, inner] = bySource <= byDestination ? [srcs, dsts] : [dsts, srcs];
  out.push(`#   ${outer.length} jump${outer.length === 1 ? '' : 's'} to ${chain}, which accepts ${inner.length} address${inner.length === 1 ? '' : 'es'} × ${matches.length} port list${matches.length === 1 ? '' : 's'}`);
  const jump = `${short} -j ${chain}`;
  for (const o of outer) out.add(`-A ${CHAINS[dir]} ${o}${jump}`);
  acceptLines(out, `-A ${chain} `, inner, NO_MATCH, tails);
}

/** No address match on a side. */
const NO_MATCH: readonly string[] = [''];

/** `-s 10.0.0.0/24 ` for each prefix, made once per object and family (objects are named by many rules). */
const ADDRESS_WORDS = { '-s': new WeakMap<readonly Cidr[], string[]>(), '-d': new WeakMap<readonly Cidr[], string[]>() };
function addressWords(flag: '-s' | '-d', cidrs: readonly Cidr[]): readonly string[] {
  let w = ADDRESS_WORDS[flag].get(cidrs);
  if (!w) ADDRESS_WORDS[flag].set(cidrs, (w = cidrs.map((c) => `${flag} ${cidrFull(c)} `)));
  return w;
}

/** `head` + source + destination + tail for every combination, in that order. */
function acceptLines(out: Lines, head: string, srcs: readonly string[], dsts: readonly string[], tails: readonly string[]): void {
  for (const s of srcs) {
    const hs = head + s;
    for (const d of dsts) {
      const hsd = hs + d;
      for (const t of tails) out.add(hsd + t);
    }
  }
}

const stateful = (chain: string, invalid: boolean): string[] => [
  `-A ${chain} -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT`,
  ...(invalid ? [`-A ${chain} -m conntrack --ctstate INVALID -j DROP`] : []),
];

const neighbourDiscovery = (chain: string, types: readonly string[]): string[] => types.map((t) => `-A ${chain} -p ipv6-icmp -m icmp6 --icmpv6-type ${t} -j ACCEPT`);

/** The filter table's lines, after the file's head, ending in an empty line (the file's last newline). */
function filterTable(out: Lines, policy: Policy, ex: Expressible, opts: RenderOptions, family: Family): void {
  const v6 = family === 6;
  const head = ['*filter'];
  const body = new Lines();
  const chains: string[] = [];
  if (policy.scope === 'zone-firewall') {
    head.push(':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', `:${CHAINS.forward} - [0:0]`);
    body.push(...stateful('FORWARD', true), `-A FORWARD -j ${CHAINS.forward}`);
    ex.rules.forEach((r, i) => ruleLines(body, r, 'forward', family, i + 1, chains, policy.deployment));
  } else {
    head.push(':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', `:OUTPUT ${opts.outbound ? 'DROP' : 'ACCEPT'} [0:0]`, `:${CHAINS.in} - [0:0]`);
    if (opts.outbound) head.push(`:${CHAINS.out} - [0:0]`);
    body.push(...stateful('INPUT', true), '-A INPUT -i lo -j ACCEPT', ...(v6 ? neighbourDiscovery('INPUT', ND_IN) : []), `-A INPUT -j ${CHAINS.in}`);
    if (opts.outbound) body.push(...stateful('OUTPUT', false), '-A OUTPUT -o lo -j ACCEPT', ...(v6 ? neighbourDiscovery('OUTPUT', ND_OUT) : []), `-A OUTPUT -j ${CHAINS.out}`);
    ex.rules.forEach((r, i) => ruleLines(body, r, 'in', family, i + 1, chains, policy.deployment));
    if (opts.outbound) ex.outbound.forEach((r, i) => ruleLines(body, r, 'out', family, i + 1, chains, policy.deployment));
  }
  // The chains are declared above the body that names them; the body's chunks are taken as they are.
  for (const c of chains) head.push(`:${c} - [0:0]`);
  out.addAll(head);
  out.addLines(body);
  out.addAll(['', 'COMMIT', '']);
}

/** Rules with no address family on both sides (an IPv6-only source, an IPv4-only destination) match no packet. */
function familyless(rules: readonly Rule[], dir: Dir): { lines: string[]; diagnostics: Diagnostic[] } {
  const lost = rules.filter((r) => partsOf(r, dir).length === 0);
  return {
    lines: lost.map((r) => `# ${iptComment(`${r.name}: ${r.source.label} -> ${r.destination.label} (${svcText(r)}) not rendered: the two sides have no address family in common`)}`),
    diagnostics: lost.map((r) => ({
      code: 'RENDER_UNSUPPORTED' as const,
      severity: 'warning' as const,
      message: `rule ${r.name} (${r.source.label} → ${r.destination.label}, ${svcText(r)}) is not in the output: the two sides have no address family in common, so no packet can match it`,
      hint: 'give both sides an address of the same family (IPv4 or IPv6)',
    })),
  };
}

export function renderIptables(full: Policy, opts: RenderOptions): RenderResult {
  // Outbound rules that were not asked for are neither rendered nor reported.
  const policy = opts.outbound ? full : { ...full, outbound: [] };
  const ex = expressible(policy, { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true }, 'iptables');
  const base = policy.scope === 'host' ? slug(policy.host ?? 'host') : 'zone-firewall';
  const hasV6 = policy.addresses.some((o) => !o.any && o.cidrs.some((c) => c.family === 6));
  const families: Family[] = hasV6 ? [4, 6] : [4];
  const lost = [
    familyless(ex.rules, policy.scope === 'host' ? 'in' : 'forward'),
    ...(opts.outbound && policy.scope === 'host' ? [familyless(ex.outbound, 'out')] : []),
  ];
  const files = families.map((family) => {
    const path = `${base}.${SUFFIX[family]}`;
    const lines = [
      ...headerLines(policy, family === 4 ? 'iptables (IPv4)' : 'ip6tables (IPv6)').map((l) => `# ${iptComment(l)}`),
      `# Load with: ${RESTORE[family]} < ${path} (check first with ${RESTORE[family]} --test). It replaces the whole filter table,`,
      `# as iptables-persistent does with /etc/iptables/${family === 4 ? 'rules.v4' : 'rules.v6'}; rules of other tools in that table are flushed.`,
      family === 4
        ? hasV6 ? `# IPv6: ${base}.rules6 (ip6tables-restore).` : '# IPv6: the policy has no IPv6 address, so there is no ip6tables file.'
        : `# IPv4: ${base}.rules (iptables-restore).`,
      ...(family === 4 ? lost.flatMap((l) => l.lines) : []),
    ];
    const out = new Lines();
    out.addAll(lines);
    filterTable(out, policy, ex, opts, family);
    return linesFile(path, out);
  });
  return { files, diagnostics: [...ex.diagnostics, ...lost.flatMap((l) => l.diagnostics)] };
}
