/**
 * What both nftables readers (`nft list ruleset` text and `nft -j` JSON) produce, and its
 * translation into the ACL form: tables of the ip, ip6 and inet families, base chains by hook and
 * priority, named sets and verdict maps, matches on addresses, ports, protocol, conntrack state
 * and interfaces. Syntax: nft(8) "ADDRESS FAMILIES", "CHAINS", "SETS", "MAPS", "PAYLOAD
 * EXPRESSIONS", "CONNTRACK EXPRESSIONS", "VERDICT STATEMENT"; libnftables-json(5).
 * @module
 */
import { normalizePorts } from '../../../net/ports.js';
import type { Result } from '../../../diag/diagnostic.js';
import type { Family } from '../../../net/ip.js';
import type { PortRange } from '../../../net/ports.js';
import { AclBuilder, ALL_STATES, STATE, type Acl, type AclRule, type Hook, type RuleRef } from '../../acl.js';
import { addrComplement, addrIntersect, addrNormalize, portIntersect, type AddrSet } from '../../space.js';
import { parseAddr } from '../_addr.js';
import { checkJumps } from '../_jumps.js';
import { complementPorts, parsePortItem } from '../_ports.js';
import type { ParseReport } from '../_report.js';

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'bridge' | 'arp' | 'netdev';

/** A literal: a token (`10.0.0.0/8`, `22`, `2500-3300`, `tcp`, `established`), a range or a prefix. */
export type Item = string | { range: [string, string] } | { prefix: [string, number] };

export type Value = { items: Item[] } | { set: string };

export type Selector =
  | 'ip saddr' | 'ip daddr' | 'ip6 saddr' | 'ip6 daddr'
  | 'tcp dport' | 'tcp sport' | 'udp dport' | 'udp sport' | 'sctp dport' | 'sctp sport' | 'th dport' | 'th sport'
  | 'l4proto' | 'nfproto' | 'ct state' | 'iifname' | 'oifname' | 'tcp syn';

export interface Match {
  selector: Selector;
  negate: boolean;
  value: Value;
  at: [number, number];
}

export type Verdict =
  | { kind: 'accept' | 'drop' | 'reject' | 'return' | 'continue' }
  | { kind: 'jump' | 'goto'; target: string }
  | { kind: 'vmap'; selector: Selector; map: { key: Item; verdict: Verdict }[] | { set: string }; at: [number, number] };

export interface NftRule {
  family: NftFamily;
  table: string;
  chain: string;
  matches: Match[];
  /** Conditions vbrwall cannot evaluate: assumed to match, with a warning. */
  unmodelled: { what: string; at: [number, number] }[];
  verdict: Verdict;
  ref: RuleRef;
  text: string;
  comment?: string;
}

export interface NftChain {
  family: NftFamily;
  table: string;
  name: string;
  base?: { hook: string; priority: number; policy: 'accept' | 'drop'; ref: RuleRef; type: string };
}

export interface NftSet {
  family: NftFamily;
  table: string;
  name: string;
  /** `ipv4_addr`, `inet_service`, `ipv4_addr . inet_service`, … */
  type: string;
  /** Verdict maps: the data type `verdict`. */
  verdictMap: boolean;
  elements: Item[];
  mapEntries: { key: Item; verdict: Verdict }[];
  at: [number, number];
}

export interface NftDocument {
  chains: NftChain[];
  sets: NftSet[];
  rules: NftRule[];
}

export const PRIORITY_NAMES: Readonly<Record<string, number>> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

const HOOKS: Readonly<Record<string, Hook>> = { input: 'input', forward: 'forward', output: 'output' };
const FAMILY_OF: Readonly<Partial<Record<NftFamily, Family | undefined>>> = { ip: 4, ip6: 6, inet: undefined };
const PROTO_UNIVERSE = ['tcp', 'udp', 'sctp', 'udplite', 'icmp', 'icmpv6', 'other'];

export const chainKey = (family: string, table: string, chain: string): string => `${family} ${table}/${chain}`;

/** The ACL of a document. Bridge, arp and netdev tables are left out with a note. */
export function buildAcl(doc: NftDocument, rep: ParseReport, file: string, format: string): Result<Acl> {
  const b = new AclBuilder(format, file);
  const families = new Set<Family>();
  const sets = new Map(doc.sets.map((s) => [`${s.family} ${s.table}/${s.name}`, s]));
  const ignored = new Set<string>();
  for (const c of doc.chains) {
    if (!(c.family in FAMILY_OF)) {
      ignored.add(`${c.family} ${c.table}`);
      continue;
    }
    const fam = FAMILY_OF[c.family];
    const hook = c.base && c.base.type === 'filter' ? HOOKS[c.base.hook] : undefined;
    if (c.base && c.base.type !== 'filter' && c.base.policy === 'drop')
      rep.warn('AUDIT_UNMODELLED_MATCH', c.base.ref.range?.[0] ?? 0, c.base.ref.range?.[1] ?? 0, `chain ${c.family} ${c.table} ${c.name} is a ${c.base.type} chain with policy drop; vbrwall audits filter chains only`);
    const label = `${c.family} ${c.table} ${c.name}`;
    b.chain(chainKey(c.family, c.table, c.name), label, {
      ...(fam !== undefined ? { family: fam } : {}),
      ...(hook && c.base ? { base: { hook, priority: c.base.priority, policy: c.base.policy, policyRef: c.base.ref } } : {}),
    });
    if (hook) for (const f of fam === undefined ? ([4, 6] as const) : [fam]) families.add(f);
  }
  for (const r of doc.rules) {
    if (!(r.family in FAMILY_OF)) continue;
    const key = chainKey(r.family, r.table, r.chain);
    if (!b.chains.has(key)) {
      rep.syntax(r.ref.range?.[0] ?? 0, r.ref.range?.[1] ?? 0, `rule of chain ${r.chain}, which table ${r.family} ${r.table} does not define`);
      continue;
    }
    for (const rule of compileRule(r, sets, rep)) b.add(key, rule);
  }
  for (const t of ignored) rep.diagnostics.push({ code: 'AUDIT_UNMODELLED_MATCH', severity: 'info', message: `table ${t} was not audited: only ip, ip6 and inet tables filter routed and local traffic`, file });
  checkJumps(b, rep);
  if (!families.size && !rep.failed) rep.error('AUDIT_NO_CHAIN', 0, 1, 'the ruleset has no filter chain on the input, forward or output hook', 'export the whole ruleset with `nft list ruleset` or `nft -j list ruleset`');
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([...families].sort(), ['input', 'forward', 'output'], 'rules'), diagnostics: rep.diagnostics };
}

type RuleBody = Omit<AclRule, 'id' | 'index' | 'chain'>;

function compileRule(r: NftRule, sets: Map<string, NftSet>, rep: ParseReport): RuleBody[] {
  const base = compileMatches(r, r.matches, sets, rep);
  if (!base) return [];
  for (const u of r.unmodelled) rep.warn('AUDIT_UNMODELLED_MATCH', u.at[0], u.at[1], `${r.ref.label}: '${u.what}' cannot be evaluated; vbrwall assumes it matches every packet`, 'check this rule by hand');
  const v = r.verdict;
  if (v.kind !== 'vmap') return [{ ...base, ...verdictFields(r, v) }];
  // A verdict map is one rule per entry: the key's match and the entry's verdict.
  let entries: { key: Item; verdict: Verdict }[];
  if ('set' in v.map) {
    const s = sets.get(`${r.family} ${r.table}/${v.map.set}`);
    if (!s || !s.verdictMap) {
      rep.syntax(v.at[0], v.at[1], `verdict map @${v.map.set} is not defined in table ${r.family} ${r.table}`);
      return [];
    }
    entries = s.mapEntries;
  } else entries = v.map;
  const out: RuleBody[] = [];
  for (const e of entries) {
    const m = compileMatches(r, [...r.matches, { selector: v.selector, negate: false, value: { items: [e.key] }, at: v.at }], sets, rep);
    if (m) out.push({ ...m, ...verdictFields(r, e.verdict) });
  }
  return out;
}

function verdictFields(r: NftRule, v: Verdict): Pick<AclRule, 'action' | 'target'> {
  if (v.kind === 'jump' || v.kind === 'goto') return { action: v.kind, target: chainKey(r.family, r.table, v.target) };
  if (v.kind === 'vmap') return { action: 'continue' };
  return { action: v.kind };
}

function compileMatches(r: NftRule, matches: readonly Match[], sets: Map<string, NftSet>, rep: ParseReport): Omit<RuleBody, 'action' | 'target'> | undefined {
  let family: Family | undefined = FAMILY_OF[r.family];
  let protos: string[] | undefined;
  const src: Partial<Record<Family, AddrSet>> = {};
  const dst: Partial<Record<Family, AddrSet>> = {};
  let dport: PortRange[] | undefined;
  let sport: PortRange[] | undefined;
  let states = ALL_STATES;
  const iif: string[] = [];
  const oif: string[] = [];
  let local = false;
  let never = false;
  const onlyProtos = (names: string[]) => {
    protos = protos ? protos.filter((p) => names.includes(p)) : names;
  };
  const onlyFamily = (f: Family) => {
    if (family !== undefined && family !== f) never = true;
    family = f;
  };
  for (const m of matches) {
    const items = resolve(r, m, sets, rep);
    if (!items) return undefined;
    const bad = (what: string): undefined => void rep.syntax(m.at[0], m.at[1], `'${what}' is not a valid value for ${m.selector}`);
    switch (m.selector) {
      case 'ip saddr':
      case 'ip daddr':
      case 'ip6 saddr':
      case 'ip6 daddr': {
        const f: Family = m.selector.startsWith('ip6') ? 6 : 4;
        onlyFamily(f);
        const ivs = [];
        for (const it of items) {
          const p = typeof it === 'string' ? parseAddr(it) : 'range' in it ? parseAddr(`${it.range[0]}-${it.range[1]}`) : parseAddr(`${it.prefix[0]}/${it.prefix[1]}`);
          if (!p || p.family !== f) return bad(itemText(it));
          ivs.push(p.iv);
        }
        let set: AddrSet = addrNormalize(ivs);
        if (m.negate) set = addrComplement(set, f);
        const side = m.selector.endsWith('saddr') ? src : dst;
        side[f] = side[f] ? addrIntersect(side[f]!, set) : set;
        break;
      }
      case 'tcp dport':
      case 'tcp sport':
      case 'udp dport':
      case 'udp sport':
      case 'sctp dport':
      case 'sctp sport':
      case 'th dport':
      case 'th sport': {
        const [proto, field] = m.selector.split(' ') as [string, string];
        onlyProtos(proto === 'th' ? ['tcp', 'udp', 'sctp', 'udplite'] : [proto]);
        const ports: PortRange[] = [];
        for (const it of items) {
          const p = typeof it === 'string' ? parsePortItem(it, '-') : 'range' in it ? parsePortItem(`${it.range[0]}-${it.range[1]}`, '-') : undefined;
          if (!p) return bad(itemText(it));
          ports.push(p);
        }
        let set = normalize(ports);
        if (m.negate) set = complementPorts(set);
        if (field === 'dport') dport = dport ? portIntersect(dport, set) : set;
        else sport = sport ? portIntersect(sport, set) : set;
        break;
      }
      case 'l4proto': {
        const names = items.map((it) => (typeof it === 'string' ? protoKey(it) : 'other'));
        onlyProtos(m.negate ? PROTO_UNIVERSE.filter((p) => !names.includes(p)) : names);
        if (names.includes('icmp') && !m.negate && names.length === 1) onlyFamily(4);
        if (names.includes('icmpv6') && !m.negate && names.length === 1) onlyFamily(6);
        break;
      }
      case 'nfproto': {
        const fams = items.map((it) => (it === 'ipv4' ? 4 : it === 'ipv6' ? 6 : 0));
        if (fams.includes(0)) return bad(items.map(itemText).join(', '));
        const keep = m.negate ? ([4, 6] as const).filter((f) => !fams.includes(f)) : fams;
        if (keep.length === 1) onlyFamily(keep[0] as Family);
        else if (!keep.length) never = true;
        break;
      }
      case 'ct state': {
        let bits = 0;
        for (const it of items) {
          const k = typeof it === 'string' ? it.toLowerCase() : '';
          if (!(k in STATE)) return bad(itemText(it));
          bits |= STATE[k as keyof typeof STATE];
        }
        states &= m.negate ? ALL_STATES & ~bits : bits;
        break;
      }
      case 'tcp syn':
        onlyProtos(['tcp']);
        states &= m.negate ? ALL_STATES & ~STATE.new : STATE.new;
        break;
      case 'iifname':
      case 'oifname': {
        const names = items.map(itemText);
        if (names.length === 1 && names[0] === 'lo' && !m.negate) local = true;
        else if (!m.negate) (m.selector === 'iifname' ? iif : oif).push(...names);
        break;
      }
    }
  }
  const clean = (s: Partial<Record<Family, AddrSet>>) => (Object.keys(s).length ? s : undefined);
  const srcSide = clean(src);
  const dstSide = clean(dst);
  const ports = dport || sport ? [{ ...(dport ? { dport } : {}), ...(sport ? { sport } : {}) }] : undefined;
  return {
    ref: r.ref,
    text: r.text,
    ...(family !== undefined ? { family } : {}),
    ...(never ? { protocol: { names: [], negate: false } } : protos ? { protocol: { names: protos, negate: false } } : {}),
    ...(srcSide ? { src: srcSide } : {}),
    ...(dstSide ? { dst: dstSide } : {}),
    ...(ports ? { ports } : {}),
    ...(states !== ALL_STATES ? { states } : {}),
    ...(iif.length ? { iif: { names: iif, negate: false } } : {}),
    ...(oif.length ? { oif: { names: oif, negate: false } } : {}),
    ...(local ? { local } : {}),
    ...(r.comment ? { name: r.comment } : {}),
  };
}

function resolve(r: NftRule, m: Match, sets: Map<string, NftSet>, rep: ParseReport): Item[] | undefined {
  if ('items' in m.value) return m.value.items;
  const s = sets.get(`${r.family} ${r.table}/${m.value.set}`);
  if (!s) {
    rep.syntax(m.at[0], m.at[1], `set @${m.value.set} is not defined in table ${r.family} ${r.table}`);
    return undefined;
  }
  if (s.type.includes('.')) {
    rep.warn('AUDIT_UNMODELLED_MATCH', m.at[0], m.at[1], `${r.ref.label}: set @${s.name} has concatenated elements (${s.type}); vbrwall assumes it matches every packet`, 'check this rule by hand');
    return m.selector.includes('addr') ? [m.selector.startsWith('ip6') ? '::/0' : '0.0.0.0/0'] : m.selector.includes('port') ? ['0-65535'] : [];
  }
  return s.elements;
}

const protoKey = (s: string): string => {
  const l = s.toLowerCase();
  const n: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6', '132': 'sctp', 'ipv6-icmp': 'icmpv6' };
  const k = n[l] ?? l;
  return PROTO_UNIVERSE.includes(k) ? k : 'other';
};

export const itemText = (it: Item): string => (typeof it === 'string' ? it : 'range' in it ? `${it.range[0]}-${it.range[1]}` : `${it.prefix[0]}/${it.prefix[1]}`);

const normalize = (ports: PortRange[]): PortRange[] => normalizePorts(ports);
