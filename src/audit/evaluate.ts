/**
 * Evaluating required flows: the whole header space of a flow (its sources x destinations x
 * protocol x ports, from any ephemeral source port) is run through the ruleset, and its replies
 * too where the ruleset must let them through itself. The answer is `allowed`, `partial` (with
 * the part that is missing) or `blocked`, with the rules that decide.
 * @module
 */
import type { Family } from '../net/ip.js';
import type { PortRange } from '../net/ports.js';
import type { Flow } from '../plan/types.js';
import type { Acl, RuleRef } from './acl.js';
import { Engine, pieceRef, type Piece } from './engine.js';
import type { Direction, Geometry, NotAudited, ScopedFlow } from './scope.js';
import {
  addrEqual,
  addrText,
  boxesVolume,
  boxVolume,
  intersectBox,
  mirrorBox,
  portSubtract,
  subtractBoxes,
  unionDport,
  unionDst,
  unionSrc,
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
  const eph: PortRange = opts.ephemeral ?? EPHEMERAL;
  for (const sf of flows) {
    const v = evaluateFlow(acl, engine, geo, sf, eph);
    if (typeof v === 'string') notAudited.push({ flow: sf.flow, reason: v });
    else verdicts.push(v);
  }
  return { verdicts, notAudited };
}

/** Where a flow's source and destination are unknown (a DNS name), any address of its zone will do. */
const ZERO = [{ lo: 0n, hi: 0n }];

function evaluateFlow(acl: Acl, engine: Engine, geo: Geometry, sf: ScopedFlow, eph: PortRange): FlowVerdict | string {
  const f = sf.flow;
  const src = geo.need(f.from);
  const dst = geo.need(f.to);
  const exSrc = geo.existential(f.from);
  const exDst = geo.existential(f.to);
  const notes: string[] = [];
  const families: Family[] = [];
  let fullVol = 0n;
  let missingVol = 0n;
  const missingBoxes: { box: Box; family: Family; ref: RuleRef; reply: boolean }[] = [];
  const allowedRefs = new Map<string, RuleRef>();
  const blockedRefs = new Map<string, RuleRef>();
  const srcFull: Partial<Record<Family, Box['src']>> = {};
  const dstFull: Partial<Record<Family, Box['dst']>> = {};

  for (const family of [4, 6] as const) {
    if (!src[family].length || !dst[family].length) continue;
    if (!acl.families.includes(family)) {
      notes.push(`IPv${family} part not audited: the ruleset has no IPv${family} rules`);
      continue;
    }
    families.push(family);
    srcFull[family] = src[family];
    dstFull[family] = dst[family];
    const box: Box = { src: src[family], dst: dst[family], dport: f.ports, sport: [eph] };
    const fwd = engine.run(sf.hook, { family, protocol: f.protocol, state: 'new' }, [box])!;
    let accepted = fwd.filter((p) => p.accept);
    const dropped = fwd.filter((p) => !p.accept);
    let lost: { box: Box; family: Family; ref: RuleRef; reply: boolean }[] = dropped.map((p) => ({ box: p.box, family, ref: pieceRef(p, acl), reply: false }));
    if (acl.replies === 'rules' && accepted.length) {
      const rep = engine.run(sf.replyHook, { family, protocol: f.protocol, state: 'established' }, [mirrorBox(box)])!;
      const repDropped = rep.filter((p) => !p.accept).map((p) => ({ back: mirrorBox(p.box), ref: pieceRef(p, acl) }));
      if (repDropped.length) {
        const kept: Piece[] = [];
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
    if (exSrc || exDst) {
      // Project out the unknown side: a (source, port) needs one allowed destination.
      const proj = (b: Box): Box => ({ src: exSrc ? ZERO : b.src, dst: exDst ? ZERO : b.dst, dport: b.dport, sport: b.sport });
      const full = proj(box);
      const miss = subtractBoxes([full], accepted.map((p) => proj(p.box)))!;
      fullVol += boxVolume(full);
      missingVol += boxesVolume(miss);
      lost = miss.flatMap((m) => {
        const why = lost.filter((l) => intersectBox(proj(l.box), m));
        return (why.length ? why : lost.slice(0, 1)).map((l) => ({ box: m, family, ref: l.ref, reply: l.reply }));
      });
    } else {
      fullVol += boxVolume(box);
      missingVol += boxesVolume(lost.map((m) => m.box));
    }
    for (const p of accepted) addRef(allowedRefs, pieceRef(p, acl));
    for (const l of lost) addRef(blockedRefs, l.ref);
    missingBoxes.push(...lost);
  }

  if (!families.length) {
    if (notes.length) return notes.join('; ');
    return `${f.from} and ${f.to} have no address family in common`;
  }
  if (exDst) notes.push(`${f.to} is a DNS name: checked that some address of zone ${geo.hosts.get(f.to)?.zone} is allowed`);
  if (exSrc) notes.push(`${f.from} is a DNS name: checked that some address of zone ${geo.hosts.get(f.from)?.zone} is allowed`);

  const status = missingVol === 0n ? 'allowed' : missingVol === fullVol ? 'blocked' : 'partial';
  const verdict: FlowVerdict = {
    flow: f,
    direction: sf.direction,
    status,
    families,
    allowedPorts: f.ports.map((r) => [r[0], r[1]] as PortRange),
    allowedBy: status === 'blocked' ? [] : sortRefs(allowedRefs),
    blockedBy: status === 'allowed' ? [] : sortRefs(blockedRefs),
    notes,
  };
  if (status !== 'allowed') {
    const byFamily = (fam: Family) => missingBoxes.filter((m) => m.family === fam).map((m) => m.box);
    const ports = unionDport(missingBoxes.map((m) => m.box));
    verdict.allowedPorts = portSubtract(f.ports, ports);
    const sources = families.flatMap((fam) => (exSrc ? [] : addrText(unionSrc(byFamily(fam)), fam, 8)));
    const destinations = families.flatMap((fam) => (exDst ? [] : addrText(unionDst(byFamily(fam)), fam, 8)));
    verdict.missing = {
      ports,
      sources,
      destinations,
      allSources: exSrc || families.every((fam) => addrEqual(unionSrc(byFamily(fam)), srcFull[fam]!)),
      allDestinations: exDst || families.every((fam) => addrEqual(unionDst(byFamily(fam)), dstFull[fam]!)),
      returnTraffic: missingBoxes.some((m) => m.reply),
      parts: missingParts(missingBoxes, exSrc, exDst),
    };
  }
  return verdict;
}

function missingParts(boxes: { box: Box; family: Family; ref: RuleRef; reply: boolean }[], exSrc: boolean, exDst: boolean): MissingPart[] {
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

function addRef(m: Map<string, RuleRef>, r: RuleRef): void {
  const k = refKey(r);
  if (!m.has(k)) m.set(k, r);
}

export const compareRefs = (a: RuleRef, b: RuleRef): number => a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

const sortRefs = (m: Map<string, RuleRef>): RuleRef[] => [...m.values()].sort(compareRefs);
