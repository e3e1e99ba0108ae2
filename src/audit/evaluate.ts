/**
 * Evaluating required flows: the whole header space of a flow (its sources x destinations x
 * protocol x ports, from any ephemeral source port) is run through the ruleset, and its replies
 * too where the ruleset must let them through itself. The answer is `allowed`, `partial` (with
 * the part that is missing) or `blocked`, with the rules that decide.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { PortRange, PortSet } from '../net/ports.js';
import type { Flow } from '../plan/types.js';
import type { Acl, RuleRef } from './acl.js';
import { Engine, pieceRef, queryOf, type Piece } from './engine.js';
import type { Direction, FamilySets, Geometry, NotAudited, ScopedFlow } from './scope.js';
import {
  addrEqual,
  addrText,
  intersectBox,
  mirrorBox,
  portSubtract,
  subtractBoxes,
  unionDport,
  unionDst,
  unionSrc,
  type AddrSet,
  type Box,
} from './space.js';

export type FlowStatus = 'allowed' | 'partial' | 'blocked';

/** Client source ports: the ephemeral range (Linux uses 32768-60999, Windows 49152-65535). */
export const EPHEMERAL: PortRange = [1024, 65535];

export interface MissingPart {
  /** The rule or policy that drops this part. */
  rule: RuleRef;
  /** The part is the replies: the connection is allowed, its return traffic is not. */
  reply: boolean;
  sources: string[];
  destinations: string[];
  ports: PortRange[];
}

export interface Missing {
  ports: PortRange[];
  sources: string[];
  destinations: string[];
  /** Every source (destination) of the flow is affected. */
  allSources: boolean;
  allDestinations: boolean;
  /** Return traffic is (part of) what is missing. */
  returnTraffic: boolean;
  parts: MissingPart[];
}

export interface FlowVerdict {
  flow: Flow;
  direction: Direction;
  status: FlowStatus;
  /** Families evaluated. */
  families: Family[];
  /** Ports allowed for every source and destination of the flow. */
  allowedPorts: PortRange[];
  missing?: Missing;
  /** Rules that accept the flow (or its allowed part). */
  allowedBy: RuleRef[];
  /** Rules (or policies) that drop the missing part. */
  blockedBy: RuleRef[];
  notes: string[];
}

export interface EvaluateOptions {
  ephemeral?: PortRange;
}

const MAX_PARTS = 12;

export function evaluateFlows(
  acl: Acl,
  engine: Engine,
  geo: Geometry,
  flows: readonly ScopedFlow[],
  opts: EvaluateOptions = {},
): { verdicts: FlowVerdict[]; notAudited: NotAudited[] } {
  const verdicts: FlowVerdict[] = [];
  const notAudited: NotAudited[] = [];
  const sport: PortRange[] = [opts.ephemeral ?? EPHEMERAL];
  const alone = new Alone();
  // Flows come in runs from one host: its addresses are looked up once per run.
  let from: string | undefined;
  let src: FamilySets = { 4: [], 6: [] };
  let exSrc = false;
  for (const sf of flows) {
    if (sf.flow.from !== from) {
      from = sf.flow.from;
      src = geo.need(from);
      exSrc = geo.existential(from);
    }
    const v = evaluateFlow(acl, engine, geo, sf, src, exSrc, sport, alone);
    if (typeof v === 'string') notAudited.push({ flow: sf.flow, reason: v });
    else verdicts.push(v);
  }
  return { verdicts, notAudited };
}

/** Where a flow's source and destination are unknown (a DNS name), any address of its zone will do. */
const ZERO = [{ lo: 0n, hi: 0n }];
const NONE: never[] = [];
const BOTH = [4, 6] as const;
const allAccepted = (ps: readonly Piece[]): boolean => {
  for (let i = 0; i < ps.length; i++) if (!ps[i]!.accept) return false;
  return true;
};
/** Shared lists of families, by bits (1: IPv4, 2: IPv6). */
const FAMILIES: readonly (Family[] | undefined)[] = [undefined, [4], [6], [4, 6]];


/** One-element lists of rule references, one per rule (by rule id) or policy. */
class Alone {
  private readonly byRule: (RuleRef[] | undefined)[] = [];
  private readonly other = new Map<RuleRef, RuleRef[]>();

  of(p: Piece, acl: Acl): RuleRef[] {
    if (p.rule) return (this.byRule[p.rule.id] ??= [p.rule.ref]);
    return this.ofRef(pieceRef(p, acl));
  }

  ofRef(r: RuleRef): RuleRef[] {
    let l = this.other.get(r);
    if (!l) this.other.set(r, (l = [r]));
    return l;
  }
}

interface Lost {
  box: Box;
  family: Family;
  ref: RuleRef;
  reply: boolean;
}

/** `src` and `exSrc`: the source host's addresses and whether they are unknown (geo.need, geo.existential). */
function evaluateFlow(acl: Acl, engine: Engine, geo: Geometry, sf: ScopedFlow, src: FamilySets, exSrc: boolean, sport: PortRange[], alone: Alone): FlowVerdict | string {
  const f = sf.flow;
  const dst = geo.need(f.to);
  const exDst = geo.existential(f.to);
  let notes: string[] = NONE;
  /** Families evaluated, as bits (1: IPv4, 2: IPv6). */
  let fams = 0;
  let missingBoxes: Lost[] = NONE;
  let allowedRefs: RuleRef[] = NONE;
  let blockedRefs: RuleRef[] = NONE;
  let anyAccepted = false;

  for (let fi = 0; fi < 2; fi++) {
    const family = BOTH[fi]!;
    if (!src[family].length || !dst[family].length) continue;
    if (!acl.families.includes(family)) {
      if (notes === NONE) notes = [];
      notes.push(`IPv${family} part not audited: the ruleset has no IPv${family} rules`);
      continue;
    }
    fams |= family === 4 ? 1 : 2;
    const box: Box = { src: src[family], dst: dst[family], dport: f.ports, sport };
    const fwd = engine.run(sf.hook, queryOf(family, f.protocol, 'new'), [box], Infinity, true)!;
    let accepted: Piece[] = fwd;
    let lost: Lost[] = NONE;
    if (!allAccepted(fwd)) {
      accepted = fwd.filter((p) => p.accept);
      lost = fwd.filter((p) => !p.accept).map((p) => ({ box: p.box, family, ref: pieceRef(p, acl), reply: false }));
    }
    if (acl.replies === 'rules' && accepted.length && engine.decidesAll(sf.replyHook, queryOf(family, f.protocol, 'established'))?.action !== 'accept') {
      const rep = engine.run(sf.replyHook, queryOf(family, f.protocol, 'established'), [mirrorBox(box)], Infinity, true)!;
      if (rep.some((p) => !p.accept)) {
        const repDropped = rep.filter((p) => !p.accept).map((p) => ({ back: mirrorBox(p.box), ref: pieceRef(p, acl) }));
        const kept: Piece[] = [];
        if (lost === NONE) lost = [];
        for (const a of accepted) {
          let rest: Box[] = [a.box];
          for (const r of repDropped) {
            const cut = intersectBox(a.box, r.back);
            if (!cut) continue;
            lost.push({ box: cut, family, ref: r.ref, reply: true });
            rest = subtractBoxes(rest, [r.back])!;
          }
          for (const b of rest) kept.push({ ...a, box: b });
        }
        accepted = kept;
      }
    }
    if ((exSrc || exDst) && lost.length) {
      // Project out the unknown side: a (source, port) needs one allowed destination.
      const proj = (b: Box): Box => ({ src: exSrc ? ZERO : b.src, dst: exDst ? ZERO : b.dst, dport: b.dport, sport: b.sport });
      const miss = subtractBoxes([proj(box)], accepted.map((p) => proj(p.box)))!;
      const was = lost;
      lost = miss.flatMap((m) => {
        const why = was.filter((l) => intersectBox(proj(l.box), m));
        return (why.length ? why : was.slice(0, 1)).map((l) => ({ box: m, family, ref: l.ref, reply: l.reply }));
      });
    }
    if (accepted.length) anyAccepted = true;
    for (const p of accepted) {
      const r = p.rule ? p.rule.ref : pieceRef(p, acl);
      // Most flows have one deciding rule: its one-element list is shared (lists are never changed in place).
      if (allowedRefs === NONE) allowedRefs = alone.of(p, acl);
      else if (!allowedRefs.includes(r)) allowedRefs = allowedRefs.concat(r);
    }
    if (lost.length) {
      if (missingBoxes === NONE) missingBoxes = [];
      for (const l of lost) {
        // Most blocked flows have one blocking rule or policy: its one-element list is shared
        // (copied before a second is added: lists are never changed in place).
        if (blockedRefs === NONE) blockedRefs = alone.ofRef(l.ref);
        else if (!blockedRefs.includes(l.ref)) blockedRefs = blockedRefs.concat(l.ref);
        missingBoxes.push(l);
      }
    }
  }

  if (!fams) {
    if (notes.length) return notes.join('; ');
    return `${f.from} and ${f.to} have no address family in common`;
  }
  const families = FAMILIES[fams]!;
  if (exDst || exSrc) {
    if (notes === NONE) notes = [];
    if (exDst) notes.push(`${f.to} is a DNS name: checked that some address of zone ${geo.hosts.get(f.to)?.zone} is allowed`);
    if (exSrc) notes.push(`${f.from} is a DNS name: checked that some address of zone ${geo.hosts.get(f.from)?.zone} is allowed`);
  }

  // The pieces partition the flow's space: nothing lost is allowed, nothing accepted is blocked.
  const status: FlowStatus = !missingBoxes.length ? 'allowed' : anyAccepted ? 'partial' : 'blocked';
  const verdict: FlowVerdict = {
    flow: f,
    direction: sf.direction,
    status,
    families,
    allowedPorts: f.ports as PortRange[],
    allowedBy: status === 'blocked' ? NONE : allowedRefs.length > 1 ? allowedRefs.sort(compareRefs) : allowedRefs,
    blockedBy: status === 'allowed' ? NONE : blockedRefs.length > 1 ? blockedRefs.sort(compareRefs) : blockedRefs,
    notes,
  };
  if (status !== 'allowed') verdict.missing = describeMissing(missingBoxes, families, src, dst, exSrc, exDst, f.ports, verdict);
  return verdict;
}

/** What is missing, in addresses and ports; cheap in the common case of one piece (a whole flow blocked by one rule). */
function describeMissing(lost: readonly Lost[], families: readonly Family[], src: FamilySets, dst: FamilySets, exSrc: boolean, exDst: boolean, ports0: PortSet, verdict: FlowVerdict): Missing {
  const single = lost.length === 1 ? lost[0]! : undefined;
  const byFamily = (fam: Family) => lost.filter((m) => m.family === fam).map((m) => m.box);
  const srcOf = (fam: Family) => (single ? (single.family === fam ? single.box.src : []) : unionSrc(byFamily(fam)));
  const dstOf = (fam: Family) => (single ? (single.family === fam ? single.box.dst : []) : unionDst(byFamily(fam)));
  const ports = single ? (single.box.dport as PortRange[]) : unionDport(lost.map((m) => m.box));
  const left = portSubtract(ports0, ports);
  // Nothing left (a wholly blocked flow): the shared empty list (lists are never changed in place).
  verdict.allowedPorts = left.length ? left : NONE;
  const allSources = exSrc || families.every((fam) => srcOf(fam) === src[fam] || addrEqual(srcOf(fam), src[fam]));
  const allDestinations = exDst || families.every((fam) => dstOf(fam) === dst[fam] || addrEqual(dstOf(fam), dst[fam]));
  const sources = exSrc ? [] : families.length === 1 ? setText(srcOf(families[0]!), families[0]!) : families.flatMap((fam) => setText(srcOf(fam), fam));
  const destinations = exDst ? [] : families.length === 1 ? setText(dstOf(families[0]!), families[0]!) : families.flatMap((fam) => setText(dstOf(fam), fam));
  const parts: MissingPart[] = single ? [{ rule: single.ref, reply: single.reply, sources, destinations, ports }] : missingParts(lost, exSrc, exDst);
  return { ports, sources, destinations, allSources, allDestinations, returnTraffic: lost.some((m) => m.reply), parts };
}

/** Texts of sets (at most 8 prefixes); a host's whole set is one shared object, its text made once. */
const TEXTS: Record<Family, WeakMap<AddrSet, string[]>> = { 4: new WeakMap(), 6: new WeakMap() };
function setText(set: AddrSet, family: Family): string[] {
  let t = TEXTS[family].get(set);
  if (!t) TEXTS[family].set(set, (t = addrText(set, family, 8)));
  // Shared by every flow of the host (lists are never changed in place).
  return t;
}

function missingParts(boxes: readonly Lost[], exSrc: boolean, exDst: boolean): MissingPart[] {
  const groups = new Map<string, { ref: RuleRef; reply: boolean; byFamily: Map<Family, Box[]> }>();
  for (const m of boxes) {
    const k = `${refKey(m.ref)}\u0000${m.reply}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ref: m.ref, reply: m.reply, byFamily: new Map() }));
    let l = g.byFamily.get(m.family);
    if (!l) g.byFamily.set(m.family, (l = []));
    l.push(m.box);
  }
  return [...groups.values()].slice(0, MAX_PARTS).map((g) => {
    const fams = [...g.byFamily.entries()];
    return {
      rule: g.ref,
      reply: g.reply,
      sources: exSrc ? [] : fams.flatMap(([fam, bs]) => addrText(unionSrc(bs), fam, 8)),
      destinations: exDst ? [] : fams.flatMap(([fam, bs]) => addrText(unionDst(bs), fam, 8)),
      ports: unionDport(fams.flatMap(([, bs]) => bs)),
    };
  });
}

export const refKey = (r: RuleRef): string => `${r.file}\u0000${r.line}\u0000${r.column ?? 0}\u0000${r.label}`;

export const compareRefs = (a: RuleRef, b: RuleRef): number => a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
