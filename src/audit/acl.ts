/**
 * The one ordered-ACL form every parser produces: chains of rules, first match wins, with jumps,
 * returns and a policy at the end of each base chain. Windows "block wins" and cloud "allow
 * union" semantics are expressed in it by the order of the rules (see each parser).
 * @module
 */
import { linePos } from '../diag/format.js';
import type { Family } from '../net/ip.js';
import type { PortSet } from '../net/ports.js';
import type { AddrSet } from './space.js';

export type Hook = 'input' | 'forward' | 'output';
export const HOOKS: readonly Hook[] = ['input', 'forward', 'output'];

export type Action = 'accept' | 'drop' | 'reject' | 'jump' | 'goto' | 'return' | 'continue';

/** Connection-tracking states a rule matches, as bits. */
export const STATE = { new: 1, established: 2, related: 4, invalid: 8, untracked: 16 } as const;
export const ALL_STATES = 31;
export type StateName = keyof typeof STATE;

/** Where a rule (or a policy) is: what reports print and SARIF points at. */
export interface RuleRef {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when the line alone does not find it (one-line JSON). */
  column?: number;
  /** Offsets [start, end) in the file. */
  range?: [number, number];
  /** How a reader finds it: `line 12`, `line 1:341 (chain input, handle 7)`, `policy of INPUT (line 3)`. */
  label: string;
}

/** Addresses per family; a missing family matches any address of it, an empty set none. */
export interface AddrSide {
  4?: AddrSet;
  6?: AddrSet;
}

export interface ProtoMatch {
  /** Lower-case names: tcp, udp, icmp, icmpv6, sctp, … (numbers are mapped to names). */
  names: readonly string[];
  negate: boolean;
}

export interface IfaceMatch {
  names: readonly string[];
  negate: boolean;
}

/** One alternative of a port match; a rule matches when any alternative does. */
export interface PortMatch {
  dport?: PortSet;
  sport?: PortSet;
}

export interface AclRule {
  /** Index in the Acl's flat list of rules (stable id for caches). */
  id: number;
  /** Position in its chain. */
  index: number;
  chain: string;
  ref: RuleRef;
  /** The rule as written (one line; long ones clipped by reports). */
  text: string;
  /** Only packets of this family can match (an `ip` table, an IPv4 address match). */
  family?: Family;
  protocol?: ProtoMatch;
  src?: AddrSide;
  dst?: AddrSide;
  /** Alternatives; missing: any port. Ports imply a protocol with ports (tcp, udp, sctp). */
  ports?: readonly PortMatch[];
  /** Conntrack states (bits of STATE); missing: any state. */
  states?: number;
  iif?: IfaceMatch;
  oif?: IfaceMatch;
  action: Action;
  /** Chain name for jump and goto. */
  target?: string;
  /** A name the platform gives the rule (Windows DisplayName, NSG rule name, comment). */
  name?: string;
  /** Windows: the program the rule is bound to. */
  program?: string;
  /** Allows a program or a service rather than ports, or any source: reported as unscoped. */
  unscoped?: string;
  /** Matches only loopback traffic, never traffic between hosts. */
  local?: boolean;
  /**
   * Accepts only to hand the packet on to the next base chain of the hook (Azure: inbound rules do
   * not filter traffic that leaves the virtual network); the earlier chain's rule decides.
   */
  transparent?: boolean;
}

export interface BaseChain {
  hook: Hook;
  priority: number;
  policy: 'accept' | 'drop';
  policyRef: RuleRef;
}

export interface AclChain {
  /** Unique key (`inet filter/input` for nftables). */
  name: string;
  /** For reports: `INPUT`, `inet filter input`. */
  label: string;
  rules: AclRule[];
  base?: BaseChain;
  /** An `ip`/`ip6` table: the chain sees one family only. */
  family?: Family;
}

/** How return traffic of an allowed connection gets through. */
export type Replies =
  /** The platform is stateful by design (security groups, Windows Firewall, ufw, firewalld). */
  | 'implicit'
  /** Replies traverse the chains like any packet: an `ESTABLISHED,RELATED` accept lets them through. */
  | 'rules';

export interface Acl {
  format: string;
  file: string;
  chains: Map<string, AclChain>;
  /** Every rule, in file order per chain, indexed by AclRule.id. */
  rules: AclRule[];
  /** The families the ruleset governs (iptables-save: IPv4; ip6tables-save: IPv6; nft inet: both). */
  families: Family[];
  /** The hooks the format can express (security groups: input and output; firewalld: input). */
  hooks: Hook[];
  replies: Replies;
}

/** Builder used by the parsers: keeps ids and indexes consistent. */
export class AclBuilder {
  readonly chains = new Map<string, AclChain>();
  /** Rules added so far (build lists them, in chain order). */
  private count = 0;

  constructor(
    readonly format: string,
    readonly file: string,
  ) {}

  chain(name: string, label = name, extra: Partial<Omit<AclChain, 'name' | 'label' | 'rules'>> = {}): AclChain {
    let c = this.chains.get(name);
    if (!c) this.chains.set(name, (c = { name, label, rules: [], ...extra }));
    else Object.assign(c, extra);
    return c;
  }

  /** Adds a rule; the object passed becomes the rule (pass a fresh one). */
  add(chainName: string, rule: Omit<AclRule, 'id' | 'index' | 'chain'>): AclRule {
    const c = this.chains.get(chainName) ?? this.chain(chainName);
    const r = rule as AclRule;
    r.id = this.count++;
    r.index = c.rules.length;
    r.chain = chainName;
    c.rules.push(r);
    return r;
  }

  build(families: Family[], hooks: Hook[], replies: Replies): Acl {
    // Ids follow chain order so that a chain's rules are contiguous and sorted.
    const rules: AclRule[] = [];
    for (const c of this.chains.values())
      for (let i = 0; i < c.rules.length; i++) {
        const r = c.rules[i]!;
        r.index = i;
        r.id = rules.length;
        rules.push(r);
      }
    return { format: this.format, file: this.file, chains: this.chains, rules, families, hooks, replies };
  }
}

/** A reference to line `line` (1-based) of a file whose line starts are known. */
export function lineRef(file: string, starts: readonly number[], line: number, label?: string, endOffset?: number): RuleRef {
  const start = starts[line - 1] ?? 0;
  const end = endOffset ?? Math.max(start, (starts[line] ?? start + 1) - 1);
  return { file, line, range: [start, end], label: label ?? `line ${line}` };
}

/**
 * A reference to a whole line whose label is `line N`, for formats with one rule a line: `range`
 * and `label` are made when read, so that each of 100,000 rules keeps one object for its place
 * instead of three (the ref, its range and its label), and garbage collection has fewer to walk.
 */
export class LineRef implements RuleRef {
  constructor(
    readonly file: string,
    readonly line: number,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get range(): [number, number] {
    return [this.start, this.end];
  }

  get label(): string {
    return `line ${this.line}`;
  }

  /** What JSON.stringify writes: the fields of the plain ref lineRef makes, in its order. */
  toJSON(): RuleRef {
    return { file: this.file, line: this.line, range: this.range, label: this.label };
  }
}

/** A reference to an offset (JSON exports that are one long line). */
export function offsetRef(file: string, starts: readonly number[], offset: number, end: number, what: string): RuleRef {
  const { line, col: column } = linePos(starts, offset);
  return { file, line, column, range: [offset, end], label: `line ${line}${column > 1 ? `:${column}` : ''} (${what})` };
}

/** The chains reachable from a chain by jumps and gotos, itself included. */
export function reachableChains(acl: Acl, from: string): Set<string> {
  const seen = new Set<string>();
  const todo = [from];
  while (todo.length) {
    const c = todo.pop()!;
    if (seen.has(c)) continue;
    seen.add(c);
    for (const r of acl.chains.get(c)?.rules ?? []) if ((r.action === 'jump' || r.action === 'goto') && r.target) todo.push(r.target);
  }
  return seen;
}

/** Base chains of a hook that see a family, in the order the kernel runs them. */
export const hookChains = (acl: Acl, hook: Hook, family: Family): AclChain[] =>
  [...acl.chains.values()].filter((c) => c.base?.hook === hook && (c.family === undefined || c.family === family)).sort((a, b) => a.base!.priority - b.base!.priority);

/** Protocol names for numbers, as /etc/protocols. */
export const PROTO_NAMES: Readonly<Record<string, string>> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6', '132': 'sctp', '47': 'gre', '50': 'esp', '51': 'ah', 'ipv6-icmp': 'icmpv6', 'icmp6': 'icmpv6' };
export const protoName = (p: string): string => {
  const l = p.toLowerCase();
  return PROTO_NAMES[l] ?? l;
};
