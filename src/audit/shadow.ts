/**
 * Dead rules: rules that can never match because earlier rules of their chain take every packet
 * they would match (shadowed), and accept rules that match nothing the plan needs (unused).
 * Both are computed on TCP and UDP, new and established connections, per family.
 * @module
 */
import { reachableChains, STATE, type AclChain, type AclRule, type RuleRef } from './acl.js';
import { BUDGET, type AuditContext } from './context.js';
import { Cover } from './cover.js';
import { queryOf, type ConnState, type Proto } from './engine.js';
import type { Bounds, ChainIndex } from './rule-index.js';
import { compareRefs, type FlowVerdict } from './evaluate.js';
import { RefTable } from './ref-table.js';
import { addrIntersect, addrOverlaps, boxMeets, boxOf, portOverlaps, splitBoxAny, unionDport, unionDst, unionSrc, type Box, type MatchBox } from './space.js';

export interface ShadowFinding {
  rule: RuleRef;
  /** The earlier rules that take its packets. */
  by: RuleRef[];
  /** An earlier rule decides the other way (an accept that a drop makes dead, or the reverse). */
  conflict: boolean;
  description: string;
}

export interface UnusedFinding {
  rule: RuleRef;
  description: string;
}

const PROTOS: readonly Proto[] = ['tcp', 'udp'];
const STATES: readonly ConnState[] = ['new', 'established'];
const NEW_ONLY: readonly ConnState[] = ['new'];

/**
 * The references of the rules the evaluation saw decide packets of flows (accepting or dropping
 * them): each was reached by those packets, so it is not shadowed.
 */
export function decidingRefs(verdicts: readonly FlowVerdict[]): Set<RuleRef> {
  const out = new Set<RuleRef>();
  for (const v of verdicts) {
    for (let i = 0; i < v.allowedBy.length; i++) out.add(v.allowedBy[i]!);
    for (let i = 0; i < v.blockedBy.length; i++) out.add(v.blockedBy[i]!);
  }
  return out;
}

/**
 * `live`: references of rules known to be reached (`decidingRefs` of the evaluation), taken as
 * live without looking at the earlier rules (nearly all rules of a ruleset written for the plan).
 */
export function findShadowed(ctx: AuditContext, live?: ReadonlySet<RuleRef>): ShadowFinding[] {
  // Formats that copy a rule into several chains (a CSV sheet per path) report it once, when every
  // copy is dead: the dead ones are kept by reference, and the others (nearly all) only counted
  // afterwards for the references that have a dead copy.
  const byRef = new RefTable<{ copies: number; dead: ShadowFinding[] }>();
  const analysed: AclRule[] = [];
  let skipped = 0;
  for (const chain of ctx.acl.chains.values()) {
    // Without a state match in the chain, established packets meet the same rules as new ones.
    const stateful = chain.rules.some((x) => x.states !== undefined);
    const indexes: ChainIndex[] = [];
    for (const r of chain.rules) {
      if (r.action === 'continue' || r.local || r.transparent) continue;
      // A rule that decided packets of a flow matches such packets (it is analysed) and was reached.
      const res = r.index === 0 || live?.has(r.ref) ? 'live' : shadowOf(ctx, chain, r, stateful ? STATES : NEW_ONLY, indexes);
      if (res === 'n/a') continue;
      analysed.push(r);
      if (res === 'skipped') skipped++;
      else if (res !== 'live') {
        const e = byRef.get(r.ref);
        if (e) e.dead.push(res);
        else byRef.add(r.ref, { copies: 0, dead: [res] });
      }
    }
  }
  for (const r of analysed) {
    const e = byRef.get(r.ref);
    if (e) e.copies++;
  }
  if (skipped)
    ctx.diagnostics.push({ code: 'AUDIT_ANALYSIS_LIMIT', severity: 'info', message: `${skipped} broad rule${skipped === 1 ? ' was' : 's were'} not checked for shadowing (more than ${BUDGET.shadowCandidates} earlier rules meet ${skipped === 1 ? 'it' : 'them'})`, file: ctx.acl.file });
  const out = [...byRef.values()].filter((e) => e.dead.length === e.copies).map((e) => e.dead[0]!);
  return out.sort((a, b) => compareRefs(a.rule, b.rule));
}

/** `indexes`: the chain's index per family, fetched once per chain. */
function shadowOf(ctx: AuditContext, chain: AclChain, r: AclRule, states: readonly ConnState[], indexes: ChainIndex[]): ShadowFinding | 'live' | 'n/a' | 'skipped' {
  const { engine, acl } = ctx;
  let by: Map<number, AclRule> | undefined;
  let analysed = 0;
  const hit: Box[] = [];
  for (const family of acl.families) {
    if (chain.family !== undefined && chain.family !== family) continue;
    for (const protocol of PROTOS)
      for (const state of states) {
        const q = queryOf(family, protocol, state);
        const m = engine.match(r, q);
        if (!m) continue;
        analysed++;
        const index = (indexes[family] ??= engine.index(chain, family));
        let cur: Box[] | undefined;
        let cands: number[];
        if (m.length === 1) {
          // A rule's own sets are long-lived (parsed once, shared): its lookup may be remembered, and
          // is often the one the evaluation made for the flow the rule was written for. A match
          // with all three dimensions is its own bounds (no box made for the nearly all that stay live).
          const mb = m[0]!;
          cands = index.candidates(mb.src && mb.dst && mb.dport ? (mb as Bounds) : boxOf(mb, family), engine.ids);
        } else {
          cur = m.map((mb) => boxOf(mb, family));
          cands = index.candidates({ src: unionSrc(cur), dst: unionDst(cur), dport: unionDport(cur) });
        }
        // The candidates are sorted: the earlier rules are a prefix of them.
        let n = 0;
        let hi = cands.length;
        while (n < hi) {
          const mid = (n + hi) >> 1;
          if (cands[mid]! < r.index) n = mid + 1;
          else hi = mid;
        }
        if (n > BUDGET.shadowCandidates) return 'skipped';
        // No earlier rule meets it: live (most rules).
        if (n === 0) return 'live';
        cur ??= m.map((mb) => boxOf(mb, family));
        for (let k = 0; k < n; k++) {
          const e = chain.rules[cands[k]!]!;
          // Only rules that decide (or leave the chain) take packets away from later ones.
          if (e.action === 'jump' || e.action === 'continue') continue;
          const em = engine.match(e, q);
          if (!em) continue;
          // Most earlier rules of a host pair miss on ports: the pieces are copied only when one meets them.
          let next: Box[] | undefined;
          for (let i = 0; i < cur.length; i++) {
            const b = cur[i]!;
            if (!meetsAny(b, em)) {
              if (next) next.push(b);
              continue;
            }
            next ??= cur.slice(0, i);
            splitBoxAny(b, em, hit, next);
            hit.length = 0;
          }
          if (!next) continue;
          (by ??= new Map()).set(e.index, e);
          cur = next;
          if (!cur.length) break;
          if (cur.length > BUDGET.shadowPieces) return 'skipped';
        }
        if (cur.length) return 'live';
      }
  }
  if (!analysed) return 'n/a';
  const all = [...(by?.values() ?? [])].sort((a, b) => a.index - b.index);
  // An `established,related` accept takes the replies of everything; name it only when it is all there is.
  const forNew = all.filter((e) => e.states === undefined || (e.states & STATE.new) !== 0);
  const earlier = forNew.length ? forNew : all;
  const decide = (a: AclRule['action']) => (a === 'accept' ? 'accept' : a === 'drop' || a === 'reject' ? 'drop' : 'other');
  const conflict = earlier.some((e) => decide(e.action) !== 'other' && decide(r.action) !== 'other' && decide(e.action) !== decide(r.action));
  const names = earlier.map((e) => e.ref.label);
  return {
    rule: r.ref,
    by: earlier.map((e) => e.ref),
    conflict,
    description: conflict
      ? `never matches: ${names.join(', ')} ${decide(r.action) === 'accept' ? 'drop' : 'accept'}${names.length === 1 ? 's' : ''} every packet it would ${r.action} first`
      : `never matches: ${names.join(', ')} already take${names.length === 1 ? 's' : ''} every packet it would match (redundant)`,
  };
}

/** Whether a box meets any of a rule's alternatives; ports first (the earlier rules of a host pair differ in them). */
function meetsAny(b: Box, ms: readonly MatchBox[]): boolean {
  for (const m of ms)
    if ((!m.dport || portOverlaps(b.dport, m.dport)) && (!m.src || addrOverlaps(b.src, m.src)) && (!m.dst || addrOverlaps(b.dst, m.dst)) && (!m.sport || portOverlaps(b.sport, m.sport))) return true;
  return false;
}

export function findUnused(ctx: AuditContext): UnusedFinding[] {
  const { acl, engine } = ctx;
  // A reference is reported when no copy of it is used: the unused rules are kept (few), the used
  // ones (nearly all) only looked up afterwards among them.
  const unused: AclRule[] = [];
  const used: AclRule[] = [];
  const hooks = new Set([...acl.chains.values()].flatMap((c) => (c.base ? [c.base.hook] : [])));
  for (const hook of hooks) {
    // A zone firewall is judged on its forward path, a host on its input and output.
    if ((ctx.scope.kind === 'host') === (hook === 'forward')) continue;
    const cover = hook === ctx.hook ? ctx.cover : new Cover(ctx.geo, ctx.flows.filter((f) => f.hook === hook));
    const reach = new Set([...acl.chains.values()].filter((c) => c.base?.hook === hook).flatMap((c) => [...reachableChains(acl, c.name)]));
    for (const name of reach) {
      const chain = acl.chains.get(name)!;
      const fams = chain.family === undefined ? acl.families : acl.families.filter((f) => f === chain.family);
      const rules = chain.rules;
      for (let ri = 0; ri < rules.length; ri++) {
        const r = rules[ri]!;
        if (r.action !== 'accept' || r.local || r.transparent) continue;
        // Written for flows of the plan (the excess analysis has asked already): used. The loop stays
        // this small (optimised quickly); the few other rules are looked at apart.
        let state: 'none' | 'used' | 'other' = 'none';
        for (let fi = 0; fi < fams.length && state === 'none'; fi++) {
          const family = fams[fi]!;
          for (let pi = 0; pi < PROTOS.length; pi++) {
            const protocol = PROTOS[pi]!;
            const m = engine.match(r, queryOf(family, protocol, 'new'));
            if (!m) continue;
            state = cover.planned(acl, r, family, protocol, m) ? 'used' : 'other';
            break;
          }
        }
        if (state === 'used') used.push(r);
        else if (state === 'other') {
          const use = ruleUse(ctx, cover, hook, r, fams);
          if (use !== undefined) (use ? used : unused).push(r);
        }
      }
    }
  }
  const byRef = new RefTable<{ rule: AclRule; used: boolean }>();
  for (const r of unused) if (!byRef.get(r.ref)) byRef.add(r.ref, { rule: r, used: false });
  for (const r of used) {
    const e = byRef.get(r.ref);
    if (e) e.used = true;
  }
  return [...byRef.values()]
    .filter((e) => !e.used)
    .map((e) => ({ rule: e.rule.ref, description: `matches no flow the plan needs in this scope${e.rule.name ? ` (${e.rule.name})` : ''}` }))
    .sort((a, b) => compareRefs(a.rule, b.rule));
}

/** Whether a rule not written for flows of the plan matches one (undefined: it matches no packet of the analysis). */
function ruleUse(ctx: AuditContext, cover: Cover, hook: string, r: AclRule, fams: readonly (4 | 6)[]): boolean | undefined {
  const { acl, engine } = ctx;
  let analysed = false;
  let isUsed = false;
  for (const family of fams) {
    for (const protocol of PROTOS) {
      const m = engine.match(r, queryOf(family, protocol, 'new'));
      if (!m) continue;
      // Written for flows of the plan (the excess analysis has asked already): used.
      if (cover.planned(acl, r, family, protocol, m)) {
        analysed = isUsed = true;
        break;
      }
      for (const mb of m) {
        const same = mb.src && mb.dst && mb.dport ? cover.exact(family, protocol, mb.src, mb.dst) : undefined;
        if (same?.some((c) => portOverlaps(c.box.dport, mb.dport!))) {
          analysed = isUsed = true;
          break;
        }
        const b = inScope(ctx, hook, boxOf(mb, family), family);
        if (!b) continue;
        analysed = true;
        if (cover.near(family, protocol, b.dst, b.src).some((c) => boxMeets(c.box, b))) isUsed = true;
      }
      if (isUsed) break;
    }
    if (isUsed) break;
  }
  return analysed ? isUsed : undefined;
}

/** A host's input rules only see packets to the host, its output rules packets from it. */
function inScope(ctx: AuditContext, hook: string, b: Box, family: 4 | 6): Box | undefined {
  if (ctx.scope.kind !== 'host' || hook === 'forward') return b;
  const own = ctx.geo.need(ctx.scope.host)[family];
  const side = hook === 'input' ? addrIntersect(b.dst, own) : addrIntersect(b.src, own);
  if (!side.length) return undefined;
  return hook === 'input' ? { ...b, dst: side } : { ...b, src: side };
}
