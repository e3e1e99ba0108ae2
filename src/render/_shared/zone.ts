/**
 * Helpers shared by the zone-based network firewall targets (asa, panos, fortios, srx): which
 * rules a zone firewall can hold, legal unique object names, and the reasons of a rule as text.
 * Shared by the network-firewall targets (asa, panos, fortios, srx).
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Family } from '../../net/ip.js';
import { shortHash } from '../../policy/objects.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';
import { expressible } from './capabilities.js';
import type { Supports } from '../types.js';

/** What the four zone firewall targets support: zone scope only, IPv6, FQDN objects, any. */
export const ZONE_SUPPORTS: Supports = { scopes: ['zone-firewall'], ipv6: true, fqdn: true, outbound: false, any: true };

/** Address families an object can match; an FQDN object resolves to both (A and AAAA records). */
export function families(o: AddressObject): ReadonlySet<Family> {
  let s = FAMILIES.get(o);
  if (!s) FAMILIES.set(o, (s = o.any || o.fqdns.length ? new Set<Family>([4, 6]) : new Set(o.cidrs.map((c) => c.family))));
  return s;
}
/** Made once per object (rules name the same objects many times). */
const FAMILIES = new WeakMap<AddressObject, ReadonlySet<Family>>();

/** Families both ends of a rule have in common, IPv4 first. */
export const commonFamilies = (r: Rule): Family[] => {
  const d = families(r.destination);
  return [...families(r.source)].filter((f) => d.has(f)).sort();
};

export interface ZoneRules {
  rules: Rule[];
  diagnostics: Diagnostic[];
}

/**
 * The rules a zone firewall target renders. Anything left out is a diagnostic: a host policy
 * (these targets hold the zone firewall only), what `expressible()` refuses, a wildcard FQDN
 * (no FQDN object of these platforms takes `*.`), and a rule whose ends share no address
 * family (it matches no packet; FortiOS even refuses such a policy).
 */
export function zoneRules(policy: Policy, target: string): ZoneRules {
  if (policy.scope !== 'zone-firewall')
    return {
      rules: [],
      diagnostics: [{ code: 'RENDER_UNSUPPORTED', severity: 'error', message: `${target} renders the zone firewall only, not the host firewall of ${policy.host ?? 'a host'}`, hint: 'use --scope zone-firewall' }],
    };
  const ex = expressible(policy, ZONE_SUPPORTS, target);
  const diagnostics = [...ex.diagnostics];
  const rules = ex.rules.filter((r) => {
    const wild = [r.source, r.destination].flatMap((o) => o.fqdns).filter((f) => f.startsWith('*.'));
    if (wild.length) {
      diagnostics.push({
        code: 'RENDER_FQDN_UNSUPPORTED',
        severity: 'error',
        message: `${target} has no wildcard FQDN objects (${wild.join(', ')}): rule ${r.name} (${r.source.label} → ${r.destination.label}) is not in the output`,
        hint: 'give the exact DNS name, or the addresses as cidrs',
      });
      return false;
    }
    if (!commonFamilies(r).length) {
      diagnostics.push({
        code: 'RENDER_UNSUPPORTED',
        severity: 'warning',
        message: `rule ${r.name} can match no packet: ${r.source.label} has only IPv${[...families(r.source)].join('/IPv')} addresses and ${r.destination.label} only IPv${[...families(r.destination)].join('/IPv')}; it is not in the ${target} output`,
        hint: `give both ends an address of the same family; ${r.comment}`,
      });
      return false;
    }
    return true;
  });
  return { rules, diagnostics };
}

/**
 * Legal, unique names for one namespace of a platform. Names keep to `[A-Za-z0-9_-]` and start
 * with a letter, which every one of the four platforms accepts; a name that had to change (or is
 * reserved, or too long) gets a hash of the original, so different inputs stay different.
 * Uniqueness is case-insensitive (ASA and FortiOS compare names without case in places).
 */
/** What legal() keeps as it is (before the length and reserved-name checks). */
const LEGAL = /^[A-Za-z][A-Za-z0-9_-]*$/;

export class Names {
  private readonly taken = new Set<string>();
  private readonly reserved: Set<string>;
  constructor(
    private readonly max: number,
    reserved: readonly string[] = [],
    private readonly reservedPrefixes: readonly string[] = [],
  ) {
    this.reserved = new Set(reserved.map((r) => r.toLowerCase()));
  }

  private hasReservedPrefix = (s: string): boolean => {
    if (!this.reservedPrefixes.length) return false;
    const lower = s.toLowerCase();
    return this.reservedPrefixes.some((p) => lower.startsWith(p));
  };

  /** The legal form of `base`, without taking it. */
  legal(base: string): string {
    // Most names (ids, rule names) are legal already: one test instead of two replacements.
    let s = LEGAL.test(base) ? base : base.replace(/[^A-Za-z0-9_-]+/g, '_');
    if (!/^[A-Za-z]/.test(s)) s = `n${s}`;
    if (s !== base || s.length > this.max || this.reserved.has(s.toLowerCase()) || this.hasReservedPrefix(s)) {
      const head = this.hasReservedPrefix(s) ? `v_${s}` : s;
      s = `${head.slice(0, this.max - 8)}_${shortHash(base)}`;
    }
    return s;
  }

  /** A new unique name for `base` (call in a deterministic order). */
  take(base: string): string {
    const legal = this.legal(base);
    let s = legal;
    for (let i = 2; this.taken.has(s.toLowerCase()); i++) {
      const tail = `_${i}`;
      s = `${legal.slice(0, this.max - tail.length)}${tail}`;
    }
    this.taken.add(s.toLowerCase());
    return s;
  }
}

/** Zone name → legal unique zone (or interface) name, in the deployment's zone order. */
export function zoneNames(policy: Policy, names: Names): Map<string, string> {
  return new Map(policy.deployment.zones.map((z) => [z.name, names.take(z.name)]));
}

/** Address objects the rules use, sorted by id. */
export function usedAddresses(rules: readonly Rule[]): AddressObject[] {
  const m = new Map<string, AddressObject>();
  for (const r of rules) for (const o of [r.source, r.destination]) m.set(o.id, o);
  return [...m.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Printable ASCII words without `?`, single spaces between them: what printable() returns unchanged. */
const ALREADY_PRINTABLE = /^[\x21-\x3e\x40-\x7e]+(?: [\x21-\x3e\x40-\x7e]+)*$/;

/** Printable ASCII on one line: accents dropped, other non-ASCII and `?` (CLI help) become `_`. */
export const printable = (s: string): string => (ALREADY_PRINTABLE.test(s) ? s : toPrintable(s));

const toPrintable = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/[^\x20-\x7e]|\?/g, '_')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * A rule's reasons as one-line texts: what, phase, failover, sources, then each purpose (last, so
 * that a length limit cuts a purpose before it cuts the citation).
 */
export function reasonTexts(r: Rule): string[] {
  return reasonParts(r).map(printable);
}

/**
 * reasonTexts() before printable(): the head (unique to the rule) first, then texts that repeat
 * over many rules (phase, failover, sources, purposes), for targets that remember what they make
 * of each.
 */
export function reasonParts(r: Rule): string[] {
  const out = [`${r.name}: ${r.source.label} -> ${r.destination.label}`];
  if (r.phase === 'deploy') out.push('deploy phase only: remove after installation or upgrade.');
  if (r.failover) out.push('failover ports: used only when the primary port is unavailable.');
  out.push(sourcesText(r.sources));
  for (const p of r.purposes) out.push(p);
  return out;
}

/** `source: page, section; …`, made once per sources array (rules that share a reason share it). */
const SOURCES = new WeakMap<readonly { page: string; section: string }[], string>();
function sourcesText(sources: readonly { page: string; section: string }[]): string {
  let t = SOURCES.get(sources);
  if (t === undefined) SOURCES.set(sources, (t = `source: ${sources.map((s) => `${s.page}, ${s.section}`).join('; ')}`));
  return t;
}

/** Word-wraps printable text into lines of at most `width` characters (long words are cut). */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter(Boolean)) {
    while (word.length > width) {
      if (line) out.push(line), (line = '');
      out.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!word) continue;
    if (line && line.length + 1 + word.length > width) out.push(line), (line = '');
    line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** `6162`, `2500-3300`. */
export const rangeText = ([a, b]: readonly [number, number], sep = '-'): string => (a === b ? String(a) : `${a}${sep}${b}`);

/** Base name of a service: `tcp_6162`, `tcp_2500-3300`, `udp_111_1063_2049`. */
export const serviceBase = (protocol: string, ports: readonly (readonly [number, number])[]): string => `${protocol}_${ports.map((p) => rangeText(p)).join('_')}`;

/** Sorted unique strings. */
export const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** The dotted netmask of an IPv4 prefix length: 24 → `255.255.255.0`. */
export const netmask4 = (prefix: number): string =>
  [24, 16, 8, 0].map((shift) => ((prefix >= 32 ? 0xffffffff : ~(0xffffffff >>> prefix)) >>> shift) & 0xff).join('.');
