/**
 * Excess: what the ruleset lets through in its scope beyond what the plan needs, rule by rule,
 * summarised in the kinds an auditor asks about (any/any between zones, internet exposure, any
 * source to a Veeam port, SSH to a hardened repository in the operate phase, Windows-only ports
 * on Linux, ports of another version, whole subnets where hosts are needed).
 * For each accept rule: its match in the scope, minus the plan, then run through the ruleset to
 * keep only what that rule decides (earlier drops and accepts taken into account).
 * @module
 */
import type { Family } from '../net/ip.js';
import type { PortRange } from '../net/ports.js';
import { reachableChains, type AclRule, type RuleRef } from './acl.js';
import { BUDGET, type AuditContext } from './context.js';
import type { CoverBox } from './cover.js';
import { queryOf, type Proto } from './engine.js';
import { compareRefs } from './evaluate.js';
import { otherVersionPorts, VEEAM_PORTS, WINDOWS_ONLY } from './port-classes.js';
import { boxesMeet, describeRegions, intersectBoxes, meetingAny, nameList, regionAddresses, restrict, subtractRegions, zoneWords, type Region } from './region.js';
import { addrIntersect, addrSubtract, addrUnion, addrWithin, ALL_ADDR, ALL_PORT_SET, boxOf, boxWithin, portOverlaps, portSize, splitBox, unionDport, unionDst, type AddrSet, type Box } from './space.js';

export type ExcessKind =
  | 'any-any'
  | 'policy-accept'
  | 'internet-exposure'
  | 'any-source-veeam-port'
  | 'ssh-hardened-repository'
  | 'windows-port-on-linux'
  | 'other-version-port'
  | 'wide-subnet'
  | 'unscoped-program'
  | 'beyond-plan';

export type FindingSeverity = 'high' | 'medium' | 'low';

export const EXCESS_SEVERITY: Readonly<Record<ExcessKind, FindingSeverity>> = {
  'any-any': 'high',
  'policy-accept': 'high',
  'internet-exposure': 'high',
  'ssh-hardened-repository': 'high',
  'any-source-veeam-port': 'medium',
  'windows-port-on-linux': 'medium',
  'other-version-port': 'medium',
  'wide-subnet': 'medium',
  'unscoped-program': 'medium',
  'beyond-plan': 'low',
};

export interface ExcessFinding {
  kind: ExcessKind;
  severity: FindingSeverity;
  rule: RuleRef;
  description: string;
  protocols: Proto[];
  ports: PortRange[];
  sources: string[];
  destinations: string[];
  fromZones: string[];
  toZones: string[];
  /** Deployment hosts among the destinations. */
  hosts: string[];
}

const PROTOS: readonly Proto[] = ['tcp', 'udp'];

/** A rule that opens this many ports (of 65,536) opens "every port", whatever few a rule above took. */
const ANY_PORTS = 60_000;

export function findExcess(ctx: AuditContext): ExcessFinding[] {
  const { acl, engine } = ctx;
  const out: ExcessFinding[] = [];
  const bases = [...acl.chains.values()].filter((c) => c.base?.hook === ctx.hook);
  const reach = new Set(bases.flatMap((c) => [...reachableChains(acl, c.name)]));
  const classes = makeClasses(ctx);
  let cut = 0;

  for (const name of reach) {
    const chain = acl.chains.get(name)!;
    // Indexed loops: a loop of 100,000 rules runs mostly before it is optimised, where an iterator per loop costs.
    const fams = chain.family === undefined ? acl.families : acl.families.filter((f) => f === chain.family);
    const rules = chain.rules;
    for (let ri = 0; ri < rules.length; ri++) {
      const r = rules[ri]!;
      if (r.action !== 'accept' || r.transparent) continue;
      // Nearly every rule is written for flows of the plan (same addresses, ports among theirs): no
      // excess. The loop stays this small (it is optimised in a few milliseconds, and the few other
      // rules, worked out apart, do not deoptimise it).
      let planned = true;
      for (let fi = 0; fi < fams.length && planned; fi++) {
        const family = fams[fi]!;
        for (let pi = 0; pi < PROTOS.length; pi++) {
          const proto = PROTOS[pi]!;
          const m = engine.match(r, queryOf(family, proto, 'new'));
          if (m && !ctx.cover.planned(acl, r, family, proto, m)) {
            planned = false;
            break;
          }
        }
      }
      if (planned) {
        if (r.unscoped) out.push(unscoped(ctx, r));
      } else cut += ruleExcess(ctx, classes, r, fams, out);
    }
  }

  for (const c of bases) {
    if (c.base!.policy !== 'accept') continue;
    const regions: Region[] = [];
    let whole = false;
    for (const family of acl.families) {
      if (c.family !== undefined && c.family !== family) continue;
      for (const proto of PROTOS) {
        const all = universe(ctx, boxOf({}, family), family);
        const beyond = minusPlan(all, nearBoxes(ctx, all, family, proto));
        const pieces = beyond && engine.run(ctx.hook, queryOf(family, proto, 'new'), beyond, BUDGET.excessPieces);
        if (!pieces) {
          whole = true;
          continue;
        }
        for (const p of pieces) if (p.accept && !p.rule && p.chain === c) regions.push({ family, proto, box: p.box });
      }
    }
    if (whole) {
      out.push({
        kind: 'policy-accept', severity: 'high', rule: c.base!.policyRef, protocols: ['tcp', 'udp'], ports: [[0, 65535]], sources: [], destinations: [], fromZones: [], toZones: [], hosts: [],
        description: `the policy of ${c.label} is accept: every connection that no rule drops is allowed (too many rules to list what passes)`,
      });
    } else if (regions.length) {
      const t = describeRegions(ctx.geo, regions);
      out.push({ kind: 'policy-accept', severity: 'high', rule: c.base!.policyRef, ...fields(t), description: `the policy of ${c.label} is accept: it lets through ${t.services} from ${zoneWords(t.fromZones)} to ${zoneWords(t.toZones)} that no rule handles` });
      out.push(...classify(ctx, classes, c.base!.policyRef, regions, regions).filter((f) => f.kind !== 'beyond-plan' && f.kind !== 'wide-subnet'));
    }
  }
  if (cut)
    ctx.diagnostics.push({ code: 'AUDIT_ANALYSIS_LIMIT', severity: 'warning', message: `${cut} part${cut === 1 ? '' : 's'} of the excess analysis hit the size limit; the excess of those rules is reported without checking earlier rules, or not at all`, file: acl.file });
  return out.sort((a, b) => compareRefs(a.rule, b.rule) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/** The excess of a rule not written for flows of the plan, pushed to `out`; returns the parts cut by the budget. */
function ruleExcess(ctx: AuditContext, classes: Classes, r: AclRule, fams: readonly Family[], out: ExcessFinding[]): number {
  const { acl, engine } = ctx;
  let cut = 0;
  // Made for the few rules with excess only.
  let regions: Region[] | undefined;
  let reached: Region[] | undefined;
  // The flows near the rule per family and protocol (SLOT), found once for minusPlan and classify.
  let nears: (CoverBox[] | undefined)[] | undefined;
  for (let fi = 0; fi < fams.length; fi++) {
    const family = fams[fi]!;
    for (let pi = 0; pi < PROTOS.length; pi++) {
      const proto = PROTOS[pi]!;
      const q = queryOf(family, proto, 'new');
      const m = engine.match(r, q);
      if (!m) continue;
      // A rule written for flows of the plan (same addresses, ports among theirs) has no excess.
      if (ctx.cover.planned(acl, r, family, proto, m)) continue;
      const inScope = m.flatMap((mb) => universe(ctx, boxOf(mb, family), family));
      if (!inScope.length) continue;
      const near = nearBoxes(ctx, inScope, family, proto);
      const beyond = minusPlan(inScope, near);
      if (beyond === undefined) {
        cut++;
        continue;
      }
      if (!beyond.length) continue;
      // What the rule decides: all it lets through (to judge "any source"), and of that its
      // excess. The ruleset decides per packet, so the excess it decides is what it decides of
      // the whole cut to the excess: one run, not a second one over the excess's many pieces.
      const all = engine.run(ctx.hook, q, inScope, BUDGET.excessPieces);
      const taken = all && all.filter((p) => p.accept && p.rule === r).map((p) => p.box);
      // Many pieces (a rule to anywhere, cut per host by the rules before it) are merged: only
      // the space they make counts from here on.
      const decided = taken && taken.length > MERGE_MIN ? mergeByValue(taken) : taken;
      let mine: Box[];
      if (decided) mine = taken!.length === all!.length ? beyond : intersectBoxes(decided, beyond);
      else {
        const pieces = engine.run(ctx.hook, q, beyond, BUDGET.excessPieces);
        mine = pieces ? pieces.filter((p) => p.accept && p.rule === r).map((p) => p.box) : beyond;
      }
      if (!decided) cut++;
      regions ??= [];
      reached ??= [];
      (nears ??= [])[SLOT[family][proto]] = near;
      for (const box of mine.length > MERGE_MIN ? mergeByValue(mine) : mine) regions.push({ family, proto, box });
      for (const box of decided ?? inScope) reached.push({ family, proto, box });
    }
  }
  if (r.unscoped) out.push(unscoped(ctx, r));
  if (regions?.length) out.push(...classify(ctx, classes, r.ref, regions, reached!, nears));
  return cut;
}

const KIND_ORDER: readonly ExcessKind[] = ['policy-accept', 'any-any', 'internet-exposure', 'ssh-hardened-repository', 'any-source-veeam-port', 'windows-port-on-linux', 'other-version-port', 'unscoped-program', 'wide-subnet', 'beyond-plan'];

/** A rule's box cut to the scope: between different zones, or into the host. */
function universe(ctx: AuditContext, b: Box, family: Family): Box[] {
  if (ctx.scope.kind === 'host') {
    const dst = addrIntersect(b.dst, ctx.geo.need(ctx.scope.host)[family]);
    return dst.length ? [{ ...b, dst }] : [];
  }
  const srcZones = ctx.geo.zonesOf(b.src, family);
  if (!srcZones.length) return [];
  const dstZones = ctx.geo.zonesOf(b.dst, family);
  const out: Box[] = [];
  for (const s of srcZones) for (const d of dstZones) if (s.zone !== d.zone) out.push({ src: s.part, dst: d.part, dport: b.dport, sport: b.sport });
  return out;
}


/** Family and protocol as a small number, for arrays. */
const SLOT = { 4: { tcp: 0, udp: 1 }, 6: { tcp: 2, udp: 3 } } as const;

/** The cover boxes that meet the boxes' sources and destinations (any ports), in the cover's order. */
function nearBoxes(ctx: AuditContext, boxes: readonly Box[], family: Family, proto: Proto): CoverBox[] {
  const one = boxes.length === 1 ? boxes[0] : undefined;
  return ctx.cover.near(family, proto, one ? one.dst : addrUnion(...boxes.map((b) => b.dst)), one ? one.src : addrUnion(...boxes.map((b) => b.src)));
}

/** Boxes minus the planned flows among `around` (`nearBoxes` of them). Undefined past the budget. */
function minusPlan(boxes: Box[], around: readonly CoverBox[]): Box[] | undefined {
  const one = boxes.length === 1 ? boxes[0] : undefined;
  const ports = one ? one.dport : unionDport(boxes);
  // Flows on other ports (most of a host pair's) neither hold nor cut the rule's boxes.
  const near: Box[] = [];
  for (const c of around) if (portOverlaps(c.box.dport, ports)) near.push(c.box);
  // The common case: one flow's box holds the whole rule.
  if (boxes.every((b) => near.some((c) => boxWithin(b, c)))) return [];
  return subtractAll(boxes, near.length > MERGE_MIN ? mergeByDestination(near) : near, BUDGET.excessPieces);
}

/** Past this many flows near a rule, those of one source and one port set are cut as one box (and past this many pieces, pieces are merged so). */
const MERGE_MIN = 16;

/**
 * Boxes of the same source and ports (the same set objects: a host's flows of one service to many
 * hosts) as one box with the union of their destinations: the same space, so the same excess, cut
 * in a few steps instead of one per flow (a rule from a backup server to anywhere meets a thousand
 * flows, which cut its space into as many pieces). In the order of each group's first box.
 */
export function mergeByDestination(bs: readonly Box[]): Box[] {
  return merge(bs, (b) => b.src, (b) => b.dport);
}

/** `mergeByDestination` for boxes with equal sets in different objects (pieces cut by rules): grouped by value. */
export function mergeByValue(bs: readonly Box[]): Box[] {
  return merge(bs, (b) => b.src.map((iv) => `${iv.lo}-${iv.hi}`).join(','), (b) => `${b.dport.join(',')}/${b.sport.join(',')}`, true);
}

function merge<K, L>(bs: readonly Box[], srcKey: (b: Box) => K, portKey: (b: Box) => L, byValue = false): Box[] {
  const groups = new Map<K, Map<L, Box[]>>();
  const order: Box[][] = [];
  for (const b of bs) {
    const sk = srcKey(b);
    let bySrc = groups.get(sk);
    if (!bySrc) groups.set(sk, (bySrc = new Map()));
    const pk = portKey(b);
    let g = bySrc.get(pk);
    if (!g) {
      bySrc.set(pk, (g = []));
      order.push(g);
    }
    g.push(b);
  }
  if (order.length === bs.length) return bs as Box[];
  const out: Box[] = [];
  for (const g of order) {
    const first = g[0]!;
    if (g.length === 1 || (!byValue && !g.every((b) => b.sport === first.sport))) out.push(...g);
    else out.push({ src: first.src, dst: unionDst(g), dport: first.dport, sport: first.sport });
  }
  return out;
}

/**
 * `subtractBoxes`, for many boxes that mostly miss: the list is copied only when a box cuts it
 * (the same pieces, in the same order, and the same budget).
 */
function subtractAll(as: readonly Box[], bs: readonly Box[], budget: number): Box[] | undefined {
  let cur = as as Box[];
  const hit: Box[] = [];
  for (const b of bs) {
    let next: Box[] | undefined;
    for (let i = 0; i < cur.length; i++) {
      const x = cur[i]!;
      if (!boxesMeet(x, b)) {
        if (next) next.push(x);
        continue;
      }
      next ??= cur.slice(0, i);
      splitBox(x, b, hit, next);
      hit.length = 0;
    }
    if (next) cur = next;
    if (cur.length > budget) return undefined;
    if (!cur.length) break;
  }
  return cur;
}

interface Classes {
  internetDst: Record<Family, AddrSet>;
  /** Every address outside the internal zones. */
  outside: Record<Family, AddrSet>;
  cloudGateways: Record<Family, AddrSet>;
  hardened: Record<Family, AddrSet>;
  linux: Record<Family, AddrSet>;
  versions: ReturnType<typeof otherVersionPorts>;
}

function makeClasses(ctx: AuditContext): Classes {
  const d = ctx.plan.deployment;
  const union = (names: string[]): Record<Family, AddrSet> => ({
    4: addrUnion(...names.map((n) => ctx.geo.need(n)[4])),
    6: addrUnion(...names.map((n) => ctx.geo.need(n)[6])),
  });
  const real = d.hosts.filter((h) => h.kind === 'host' || h.kind === 'group');
  const inner = d.zones.filter((z) => !z.internet).map((z) => ctx.geo.zone(z.name));
  const internetDst = { 4: addrUnion(...inner.map((s) => s[4])), 6: addrUnion(...inner.map((s) => s[6])) };
  return {
    internetDst,
    outside: { 4: addrSubtract(ALL_ADDR[4], internetDst[4]), 6: addrSubtract(ALL_ADDR[6], internetDst[6]) },
    cloudGateways: union(real.filter((h) => h.roles.includes('cloud-gateway')).map((h) => h.name)),
    hardened: union(real.filter((h) => h.roles.includes('hardened-repository')).map((h) => h.name)),
    linux: union(real.filter((h) => h.os === 'linux').map((h) => h.name)),
    versions: otherVersionPorts(d.version),
  };
}

function fields(t: ReturnType<typeof describeRegions>): Pick<ExcessFinding, 'protocols' | 'ports' | 'sources' | 'destinations' | 'fromZones' | 'toZones' | 'hosts'> {
  return { protocols: t.protocols, ports: t.ports, sources: t.sources, destinations: t.destinations, fromZones: t.fromZones, toZones: t.toZones, hosts: t.hosts };
}

const onHosts = (t: ReturnType<typeof describeRegions>): string => (t.hosts.length ? nameList(t.hosts) : t.destinations.slice(0, 4).join(', '));

/**
 * The excess of one rule (or policy), by kind. `reached` is everything the rule lets through in
 * the scope; `nears` (by SLOT), when given, the cover boxes near a superset of it (what the rule
 * matches in the scope): those that meet `reached` are among them, in the same order.
 */
function classify(ctx: AuditContext, k: Classes, ref: RuleRef, regions: Region[], reached: Region[], nears?: readonly (CoverBox[] | undefined)[]): ExcessFinding[] {
  const out: ExcessFinding[] = [];
  const geo = ctx.geo;
  const claimed: Region[] = [];
  const emit = (kind: ExcessKind, rs: Region[], text: (t: ReturnType<typeof describeRegions>) => string, claim = true): void => {
    if (!rs.length) return;
    const t = describeRegions(geo, rs);
    out.push({ kind, severity: EXCESS_SEVERITY[kind], rule: ref, ...fields(t), description: text(t) });
    if (claim) claimed.push(...rs);
  };
  const fams = [...new Set(regions.map((r) => r.family))];

  // Any/any: where the rule itself opens every port between two places (judged on what it lets
  // through, not on its excess, from which the plan's own ports are cut out).
  const open = reached.filter((r) => portSize(r.box.dport) >= ANY_PORTS);
  const anyAny = open.length ? regions.flatMap((r) => open.filter((o) => o.family === r.family && o.proto === r.proto).flatMap((o) => restrict([r], { src: o.box.src, dst: o.box.dst }))) : [];
  if (anyAny.length) {
    const t = describeRegions(geo, open);
    out.push({
      kind: 'any-any', severity: EXCESS_SEVERITY['any-any'], rule: ref, ...fields(t),
      description: ctx.scope.kind === 'host' ? `allows every ${t.protocols.join(' and ')} port from ${t.fromText} to ${ctx.scope.host}` : `allows every ${t.protocols.join(' and ')} port from ${t.fromText} to ${t.toText} (any/any between zones)`,
    });
    claimed.push(...anyAny);
  }

  // The two that matter whatever else the rule opens.
  const internet = fams.flatMap((f) => restrict(regions, { src: geo.internet[f], dst: k.internetDst[f] }, f));
  const ccg = fams.flatMap((f) => PROTOS.flatMap((p) => restrict(internet, { dst: k.cloudGateways[f], dport: [[6180, 6180]] }, f, p)));
  const exposed = subtractRegions(internet, ccg);
  emit('internet-exposure', exposed, (t) => `exposes ${t.services} on ${onHosts(t)} to the internet (only Cloud Connect 6180 on a cloud gateway belongs there)`, false);
  if (ctx.plan.phase === 'operate')
    emit('ssh-hardened-repository', fams.flatMap((f) => restrict(regions, { dst: k.hardened[f], dport: [[22, 22]] }, f, 'tcp')), (t) => `SSH (tcp 22) is open to hardened repository ${nameList(t.hosts)} in the operate phase; Veeam needs it only to install and upgrade (deploy phase)`);
  claimed.push(...exposed);

  // The rest is described once: what any/any already says is not repeated.
  const rest0 = subtractRegions(regions, claimed);
  if (anySource(ctx, k, reached))
    emit('any-source-veeam-port', PROTOS.flatMap((p) => restrict(rest0, { dport: VEEAM_PORTS[p] }, undefined, p)), (t) => `allows any source address to Veeam port${plural(t)} ${t.services} on ${onHosts(t)}`);
  emit('windows-port-on-linux', subtractRegions(fams.flatMap((f) => PROTOS.flatMap((p) => restrict(rest0, { dst: k.linux[f], dport: WINDOWS_ONLY[p] }, f, p))), claimed), (t) => `opens Windows-only port${plural(t)} ${t.services} on Linux host${t.hosts.length > 1 ? 's' : ''} ${onHosts(t)}`);
  for (const v of k.versions)
    emit('other-version-port', subtractRegions(restrict(rest0, { dport: v.ports }, undefined, v.protocol), claimed), (t) => `opens ${t.services}, a port of another Veeam version (${v.note}), to ${onHosts(t)}`);

  const rest = subtractRegions(rest0, claimed);
  if (rest.length) {
    // Ports the plan uses near this rule: the rule serves them, but for more addresses than needed.
    const wide: Region[] = [];
    const needFrom = new Set<string>();
    const needTo = new Set<string>();
    for (const f of fams)
      for (const p of PROTOS) {
        const rs = rest.filter((r) => r.family === f && r.proto === p);
        if (!rs.length) continue;
        const mine = reached.filter((r) => r.family === f && r.proto === p);
        const near = nears?.[SLOT[f][p]] ?? ctx.cover.near(f, p, addrUnion(...mine.map((r) => r.box.dst)), addrUnion(...mine.map((r) => r.box.src)));
        const used = meetingAny(near, mine);
        for (const c of used) {
          needFrom.add(c.flow.flow.from);
          needTo.add(c.flow.flow.to);
        }
        wide.push(...restrict(rs, { dport: unionDport(used.map((c) => c.box)) }));
      }
    emit('wide-subnet', wide, (t) => {
      const whole = regionAddresses(reached);
      return `allows ${t.services} from ${whole.sources.slice(0, 3).join(', ')} to ${whole.destinations.slice(0, 3).join(', ')}, where the plan needs these ports only from ${nameList([...needFrom].sort())} to ${nameList([...needTo].sort())}`;
    });
    emit('beyond-plan', subtractRegions(rest, wide), (t) => `allows ${t.services} from ${t.fromText} to ${t.hosts.length ? nameList(t.hosts) : t.toText}, which no required flow uses`);
  }
  return out;
}

const plural = (t: ReturnType<typeof describeRegions>): string => (t.ports.length > 1 || t.ports[0]![0] !== t.ports[0]![1] ? 's' : '');

/**
 * Whether what a rule lets through comes from any address: its sources cover every address that
 * is not in the zones it lets traffic into (a zone firewall never sees a zone talk to itself).
 */
function anySource(ctx: AuditContext, k: Classes, reached: readonly Region[]): boolean {
  if (!reached.length) return false;
  for (const f of new Set(reached.map((r) => r.family))) {
    const rs = reached.filter((r) => r.family === f);
    // One interval is a set already (a rule from one host or subnet).
    const src = rs.length === 1 && rs[0]!.box.src.length === 1 ? rs[0]!.box.src : addrUnion(...rs.map((r) => r.box.src));
    // Every address outside the internal zones is needed whatever the destinations: most rules stop here.
    if (!addrWithin(k.outside[f], src)) return false;
    let need: AddrSet = ALL_ADDR[f];
    if (ctx.scope.kind === 'zone-firewall') for (const z of ctx.geo.zonesOf(addrUnion(...rs.map((r) => r.box.dst)), f)) need = addrSubtract(need, ctx.geo.zone(z.zone)[f]);
    if (addrSubtract(need, src).length) return false;
  }
  return true;
}

function unscoped(ctx: AuditContext, r: AclRule): ExcessFinding {
  return {
    kind: 'unscoped-program', severity: EXCESS_SEVERITY['unscoped-program'], rule: r.ref, description: r.unscoped!,
    protocols: ['tcp', 'udp'], ports: (r.ports ?? [{ dport: ALL_PORT_SET }]).flatMap((p) => p.dport ?? ALL_PORT_SET), sources: [], destinations: [], fromZones: [], toZones: [],
    hosts: ctx.scope.kind === 'host' ? [ctx.scope.host] : [],
  };
}
