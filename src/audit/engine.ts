/**
 * The header-space engine: runs a set of packets (boxes) through the base chains of a hook, first
 * match wins, following jumps, gotos and returns, and says for every part which rule (or policy)
 * decided it. Only the rules an index finds for the query's extent are looked at.
 * @module
 */
import { InternalError } from '../diag/diagnostic.js';
import type { Family } from '../net/ip.js';
import { hookChains, STATE, type Acl, type AclChain, type AclRule, type Hook, type RuleRef } from './acl.js';
import { ChainIndex, PairSpace, type Bounds } from './rule-index.js';
import { SetIds } from './set-ids.js';
import { addrWithin, boxMeets, boxWithin, portWithin, splitBoxAny, unionDport, unionDst, unionSrc, type Box, type MatchBox } from './space.js';

export type Proto = 'tcp' | 'udp';
export type ConnState = 'new' | 'established';

export interface Query {
  family: Family;
  protocol: Proto;
  /** `new` for the first packet of a connection, `established` for the rest and for replies. */
  state: ConnState;
}

export interface Piece {
  box: Box;
  accept: boolean;
  /** The deciding rule; missing when the policy of `chain` decided (or no chain filters). */
  rule?: AclRule;
  chain?: AclChain;
}

const MAX_DEPTH = 64;

const HOOK_NO: Readonly<Record<Hook, number>> = { input: 0, forward: 1, output: 2 };
const NO_CANDIDATES: number[] = [];

/** The eight queries, shared objects (no object per lookup). */
const QUERIES: readonly Query[] = ([4, 6] as const).flatMap((family) => (['tcp', 'udp'] as const).flatMap((protocol) => (['new', 'established'] as const).map((state) => ({ family, protocol, state }))));

/** The shared query object of a family, protocol and state. */
export const queryOf = (family: Family, protocol: Proto, state: ConnState): Query => QUERIES[(family === 6 ? 4 : 0) + (protocol === 'udp' ? 2 : 0) + (state === 'established' ? 1 : 0)]!;

const queryKey = (q: Query): number => (q.family === 6 ? 4 : 0) + (q.protocol === 'udp' ? 2 : 0) + (q.state === 'established' ? 1 : 0);

export class Engine {
  private readonly compiled: (readonly MatchBox[] | null | undefined)[];
  /** By chain number and family (`chainNumber(c) * 2 + (family === 6)`). */
  private readonly indexes: ChainIndex[] = [];
  /** By hook and family. */
  private readonly hookMemo: AclChain[][] = [];
  /** Ids of long-lived address sets, for the indexes' caches. */
  readonly ids = new SetIds();

  constructor(readonly acl: Acl) {
    this.compiled = new Array(acl.rules.length * 8);
    this.targets = new Array(acl.rules.length);
  }

  /**
   * The rule that decides every packet of a query in a hook, when one does without looking at
   * addresses or ports (`ct state established,related accept` for replies): no run needed.
   */
  decidesAll(hook: Hook, q: Query): AclRule | null {
    const chains = this.chains(hook, q.family);
    return chains.length === 1 ? this.takesAll(chains[0]!, q) : null;
  }

  /** A rule's match for a query, as alternatives; null when it cannot match such packets. */
  match(r: AclRule, q: Query): readonly MatchBox[] | null {
    const k = r.id * 8 + queryKey(q);
    let m = this.compiled[k];
    if (m === undefined) this.compiled[k] = m = compile(r, q);
    return m;
  }

  chains(hook: Hook, family: Family): AclChain[] {
    const k = HOOK_NO[hook] * 2 + (family === 6 ? 1 : 0);
    return (this.hookMemo[k] ??= hookChains(this.acl, hook, family));
  }

  index(c: AclChain, family: Family): ChainIndex {
    const k = this.chainNumber(c) * 2 + (family === 6 ? 1 : 0);
    return (this.indexes[k] ??= new ChainIndex(c, family, undefined, undefined, this.pairSpace(family)));
  }

  /** The intervals of the one-source, one-destination rules of every chain, shared by the chains' indexes. */
  private readonly spaces: (PairSpace | undefined)[] = [];
  private pairSpace(family: Family): PairSpace {
    return (this.spaces[family === 6 ? 1 : 0] ??= new PairSpace(this.acl.rules, family));
  }

  /** Small numbers for chains, for the per-chain slots of the caches. */
  private chainNumber(c: AclChain): number {
    // A flow meets two chains over and over (the base chain and the one it jumps to): the last two
    // are remembered.
    if (c === this.lastChain) return this.lastNo;
    if (c === this.lastChain2) {
      const n = this.lastNo2;
      this.lastChain2 = this.lastChain;
      this.lastNo2 = this.lastNo;
      this.lastChain = c;
      return (this.lastNo = n);
    }
    let n = this.chainNo.get(c);
    if (n === undefined) {
      this.chainNo.set(c, (n = this.chainNo.size));
      this.jumpedStamp.push(-1);
      this.jumped.push(NO_CANDIDATES);
    }
    this.lastChain2 = this.lastChain;
    this.lastNo2 = this.lastNo;
    this.lastChain = c;
    return (this.lastNo = n);
  }

  private lastChain: AclChain | undefined;
  private lastNo = -1;
  private lastChain2: AclChain | undefined;
  private lastNo2 = -1;

  /**
   * Runs boxes through a hook. The pieces returned cover the boxes exactly. Returns undefined when
   * the pieces outgrow `budget` (a very fragmented space). `shared`: the box's address sets are
   * long-lived (a host's own, a rule's), so rule lookups may be remembered by them.
   */
  run(hook: Hook, q: Query, boxes: readonly Box[], budget = Infinity, shared = false): Piece[] | undefined {
    if (boxes.length === 1 && budget >= 1) {
      const whole = this.runWhole(hook, q, boxes[0]!, shared);
      if (whole) return [whole];
    }
    const chains = this.chains(hook, q.family);
    this.runNo++;
    if (!chains.length) return boxes.map((box) => ({ box, accept: true }));
    const one = boxes.length === 1 ? boxes[0]! : undefined;
    const bounds: Bounds = one ? { src: one.src, dst: one.dst, dport: one.dport } : { src: unionSrc(boxes), dst: unionDst(boxes), dport: unionDport(boxes) };
    if (chains.length === 1) {
      // The usual case: one base chain decides.
      const c = chains[0]!;
      // Its first rule for such packets takes every one of them (`ct state established accept` for replies).
      const all = this.takesAll(c, q);
      if (all) return boxes.map((box) => ({ box, accept: all.action === 'accept', rule: all, chain: c }));
      const pieces: Piece[] = [];
      const back = this.chain(c, q, boxes as Box[], bounds, pieces, 0, budget, shared && one !== undefined);
      if (!back) return undefined;
      for (const box of back) pieces.push({ box, accept: c.base!.policy === 'accept', chain: c });
      return pieces;
    }
    const out: Piece[] = [];
    let pending: Box[] = [...boxes];
    let accepted: Piece[] = [];
    for (const c of chains) {
      const pieces: Piece[] = [];
      const back = this.chain(c, q, pending, bounds, pieces, 0, budget, shared && one !== undefined);
      if (!back) return undefined;
      for (const box of back) pieces.push({ box, accept: c.base!.policy === 'accept', chain: c });
      const before = accepted;
      pending = [];
      accepted = [];
      for (const p of pieces) {
        if (p.rule?.transparent) {
          // A pass-through accept: the rule of the earlier chain that accepted the packet decides.
          const from = before.find((x) => boxWithin(p.box, x.box));
          if (from) {
            if (from.rule) p.rule = from.rule;
            else delete p.rule;
            p.chain = from.chain!;
          }
        }
        if (p.accept) {
          pending.push(p.box);
          accepted.push(p);
        } else out.push(p);
      }
      if (!pending.length) break;
    }
    out.push(...accepted);
    return out;
  }

  /**
   * The fast path of `run` for one box that no rule cuts (the usual flow: the rule written for it
   * takes all of it): the one piece, as the full run would give it, without splitting anything.
   * Undefined when a rule matches only part of the box or the hook has several base chains: then
   * `run` splits the box.
   */
  runWhole(hook: Hook, q: Query, box: Box, shared = false): Piece | undefined {
    const chains = this.chains(hook, q.family);
    if (chains.length !== 1) return chains.length ? undefined : { box, accept: true };
    const c = chains[0]!;
    const all = this.takesAll(c, q);
    if (all) return { box, accept: all.action === 'accept', rule: all, chain: c };
    this.runNo++;
    const r = this.whole(c, q, box, { src: box.src, dst: box.dst, dport: box.dport }, 0, shared);
    if (r === CUT) return undefined;
    if (r === FELL) return { box, accept: c.base!.policy === 'accept', chain: c };
    // The rule that decided; `chain` is the chain it is in, as `run` says.
    return { box, accept: r.action === 'accept', rule: r, chain: this.decidedIn! };
  }

  /** The chain of the last rule `whole` returned. */
  private decidedIn: AclChain | undefined;
  /** Chains jumped to, by rule id (null: the rule names no chain of the ruleset). */
  private readonly targets: (AclChain | null | undefined)[];

  private target(r: AclRule): AclChain | null {
    let t = this.targets[r.id];
    if (t === undefined) this.targets[r.id] = t = (r.target === undefined ? undefined : this.acl.chains.get(r.target)) ?? null;
    return t;
  }

  /** One chain for a whole box: the deciding rule, FELL (no rule decided: returned or fell off), or CUT. */
  private whole(c: AclChain, q: Query, box: Box, bounds: Bounds, depth: number, shared: boolean): AclRule | typeof FELL | typeof CUT {
    if (depth > MAX_DEPTH) throw new InternalError(`chain ${c.label}: jumps nest deeper than ${MAX_DEPTH} (a loop the parser did not catch)`);
    const cands = this.candidates(c, q, bounds, depth, shared);
    for (let k = 0; k < cands.length; k++) {
      const r = c.rules[cands[k]!]!;
      const m = this.match(r, q);
      if (!m) continue;
      const how = takes(box, m);
      if (how === 0) continue;
      if (how === 2) return CUT;
      switch (r.action) {
        case 'accept':
        case 'drop':
        case 'reject':
          this.decidedIn = c;
          return r;
        case 'return':
          return FELL;
        case 'jump':
        case 'goto': {
          const t = this.target(r);
          if (!t) continue;
          const back = this.whole(t, q, box, bounds, depth + 1, shared);
          if (back === CUT) return CUT;
          if (back !== FELL) return back;
          if (r.action === 'goto') return FELL;
          continue;
        }
        case 'continue':
          continue;
      }
    }
    return FELL;
  }

  /** By chain number and query (`chainNumber(c) * 8 + queryKey(q)`). */
  private readonly firstMemo: (AclRule | null | undefined)[] = [];
  /**
   * Candidates of the chains jumped to in the current run (a chain jumped to twice is looked up
   * once), by the chain's number; a slot is current when its stamp is this run's.
   */
  private readonly jumped: number[][] = [];
  private readonly jumpedStamp: number[] = [];
  private readonly chainNo = new Map<AclChain, number>();
  private runNo = 0;

  /** The rules of a chain that may meet the run's bounds (a chain jumped to again in the run: its list from before). */
  private candidates(c: AclChain, q: Query, bounds: Bounds, depth: number, shared: boolean): number[] {
    if (depth === 0) return this.index(c, q.family).candidates(bounds, shared ? this.ids : undefined);
    const n = this.chainNumber(c);
    if (this.jumpedStamp[n] === this.runNo) return this.jumped[n]!;
    const cands = this.index(c, q.family).candidates(bounds, shared ? this.ids : undefined);
    this.jumped[n] = cands;
    this.jumpedStamp[n] = this.runNo;
    return cands;
  }

  /** The chain's first rule that can match packets of the query, when it matches all of them and decides. */
  private takesAll(c: AclChain, q: Query): AclRule | null {
    const k = this.chainNumber(c) * 8 + queryKey(q);
    let r = this.firstMemo[k];
    if (r === undefined) {
      r = null;
      for (const x of c.rules) {
        const m = this.match(x, q);
        if (!m) continue;
        if ((x.action === 'accept' || x.action === 'drop' || x.action === 'reject') && m.some((b) => !b.src && !b.dst && !b.dport && !b.sport)) r = x;
        break;
      }
      this.firstMemo[k] = r;
    }
    return r;
  }

  private chain(c: AclChain, q: Query, boxes: Box[], bounds: Bounds, out: Piece[], depth: number, budget: number, shared = false): Box[] | undefined {
    if (depth > MAX_DEPTH) throw new InternalError(`chain ${c.label}: jumps nest deeper than ${MAX_DEPTH} (a loop the parser did not catch)`);
    const cands = this.candidates(c, q, bounds, depth, shared);
    let cur = boxes;
    const returned: Box[] = [];
    for (const i of cands) {
      if (!cur.length) break;
      const r = c.rules[i]!;
      const m = this.match(r, q);
      if (!m) continue;
      let hit: Box[] | undefined;
      let rest: Box[] | undefined;
      for (let bi = 0; bi < cur.length; bi++) {
        const b = cur[bi]!;
        if (!meetsAny(b, m)) {
          if (rest) rest.push(b);
          continue;
        }
        if (!rest) {
          rest = cur.slice(0, bi);
          hit = [];
        }
        splitBoxAny(b, m, hit!, rest);
      }
      if (!rest || !hit) continue;
      cur = rest;
      switch (r.action) {
        case 'accept':
        case 'drop':
        case 'reject':
          for (const box of hit) out.push({ box, accept: r.action === 'accept', rule: r, chain: c });
          break;
        case 'return':
          returned.push(...hit);
          break;
        case 'jump':
        case 'goto': {
          const t = r.target === undefined ? undefined : this.acl.chains.get(r.target);
          if (!t) {
            cur.push(...hit);
            break;
          }
          const back = this.chain(t, q, hit, bounds, out, depth + 1, budget, shared);
          if (!back) return undefined;
          if (r.action === 'jump') cur.push(...back);
          else returned.push(...back);
          break;
        }
        case 'continue':
          cur.push(...hit);
          break;
      }
      if (cur.length + out.length > budget) return undefined;
    }
    returned.push(...cur);
    return returned;
  }
}

const FELL = 0;
const CUT = 1;

/**
 * 0: the match misses the box; 1: its first alternative that meets the box takes all of it (as
 * splitBoxAny would: one hit, no rest); 2: anything else.
 */
function takes(b: Box, ms: readonly MatchBox[]): 0 | 1 | 2 {
  for (let i = 0; i < ms.length; i++) {
    const m = ms[i]!;
    if (!boxMeets(b, m)) continue;
    return (!m.src || addrWithin(b.src, m.src)) && (!m.dst || addrWithin(b.dst, m.dst)) && (!m.dport || portWithin(b.dport, m.dport)) && (!m.sport || portWithin(b.sport, m.sport)) ? 1 : 2;
  }
  return 0;
}

function meetsAny(b: Box, ms: readonly MatchBox[]): boolean {
  for (const m of ms) if (boxMeets(b, m)) return true;
  return false;
}

function compile(r: AclRule, q: Query): readonly MatchBox[] | null {
  if (r.action === 'continue' || r.local) return null;
  if (r.family !== undefined && r.family !== q.family) return null;
  if (r.states !== undefined && !(r.states & STATE[q.state])) return null;
  if (r.protocol) {
    const has = r.protocol.names.includes(q.protocol) || r.protocol.names.includes('all');
    if (has === r.protocol.negate) return null;
  }
  const src = r.src?.[q.family];
  if (src && !src.length) return null;
  const dst = r.dst?.[q.family];
  if (dst && !dst.length) return null;
  const alts = r.ports;
  if (!alts) return [{ src, dst, dport: undefined, sport: undefined }];
  // Kept for the whole audit, one per rule: a list of the exact length (one alternative, nearly
  // always, made as it is; several: a copy, as the pushed-to list has room for 16).
  if (alts.length === 1) {
    const p = alts[0]!;
    return (p.dport && !p.dport.length) || (p.sport && !p.sport.length) ? null : [{ src, dst, dport: p.dport, sport: p.sport }];
  }
  const out: MatchBox[] = [];
  for (const p of alts) {
    if ((p.dport && !p.dport.length) || (p.sport && !p.sport.length)) continue;
    out.push({ src, dst, dport: p.dport, sport: p.sport });
  }
  return out.length ? out.slice() : null;
}

const UNFILTERED = new WeakMap<Acl, RuleRef>();

/** The reference of whatever decided a piece (the same object for the same rule). */
export function pieceRef(p: Piece, acl: Acl): RuleRef {
  if (p.rule) return p.rule.ref;
  if (p.chain?.base) return p.chain.base.policyRef;
  let r = UNFILTERED.get(acl);
  if (!r) UNFILTERED.set(acl, (r = { file: acl.file, line: 0, label: 'no chain filters this traffic' }));
  return r;
}
