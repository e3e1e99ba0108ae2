/**
 * The change-request report, shared by the md and html targets: summary facts, the zone-pair
 * matrix, rules grouped by zone pair with the reasons behind each port, defaults and notes.
 * Values are input text as it is; each target escapes it in its quote.ts.
 * @module
 */
import type { Phase, Protocol, SourceRef } from '../../catalog/types.js';
import { formatPorts, intersectPorts, normalizePorts, type PortRange } from '../../net/ports.js';
import type { Policy, Rule } from '../../policy/types.js';
import type { DirectedRule, Direction } from '../csv/rows.js';
import { flowReasons } from '../_shared/flow-reasons.js';
import { flowCount, zonePairFlowCounts } from '../../plan/typed.js';

/** One reason a rule opens some of its ports: the answer to "why is 6162 open from here?". */
export interface RuleReason {
  entry: string;
  protocol: Protocol;
  ports: PortRange[];
  /** Ports of this reason that are failover only. */
  failover: PortRange[];
  phase: Phase;
  purpose: string;
  sources: SourceRef[];
  /** Defaults of the plan (Plan.defaults ids) this reason rests on. */
  defaults: string[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const RULE_REASONS = new WeakMap<Rule, RuleReason[]>();

/** The plan's reasons behind a rule, one per catalog entry and protocol, cut to the rule's ports (kept per rule). */
export function ruleReasons(policy: Policy, rule: Rule): RuleReason[] {
  const cached = RULE_REASONS.get(rule);
  if (cached) return cached;
  const byKey = new Map<string, RuleReason>();
  for (const { protocol, reason: r } of flowReasons(policy, rule)) {
    const svc = rule.services.find((s) => s.protocol === protocol);
    if (!svc) continue;
    const ports = intersectPorts(r.ports, svc.ports);
    if (!ports.length) continue;
    const k = `${r.entry}\u0000${protocol}`;
    const have = byKey.get(k);
    const failover = intersectPorts(r.failover, ports);
    if (have) {
      have.ports = normalizePorts([...have.ports, ...ports]);
      have.failover = normalizePorts([...have.failover, ...failover]);
      have.defaults = [...new Set([...have.defaults, ...r.defaults])].sort();
    } else byKey.set(k, { entry: r.entry, protocol, ports, failover, phase: r.phase, purpose: r.purpose, sources: [...r.sources], defaults: [...r.defaults].sort() });
  }
  const out = [...byKey.values()].sort((a, b) => (a.ports[0]?.[0] ?? 0) - (b.ports[0]?.[0] ?? 0) || cmp(a.protocol, b.protocol) || cmp(a.entry, b.entry));
  RULE_REASONS.set(rule, out);
  return out;
}

const REASON_PORTS = new WeakMap<RuleReason, string>();

/** `tcp 2500-3300 (failover)`: the ports of a reason (kept per reason: md and html both write it). */
export function reasonPorts(r: RuleReason): string {
  let t = REASON_PORTS.get(r);
  if (t === undefined) {
    t = `${r.protocol} ${formatPorts(r.ports, ', ')}${r.failover.length ? (formatPorts(r.failover) === formatPorts(r.ports) ? ' (failover)' : ` (failover ${formatPorts(r.failover, ', ')})`) : ''}${r.phase === 'deploy' ? ' (deploy phase)' : ''}`;
    REASON_PORTS.set(r, t);
  }
  return t;
}

const SERVICES_TEXT = new WeakMap<Rule, string>();

/** `tcp 135, 445 · udp 53`: the services of a rule (kept per rule: md and html both write it). */
export function servicesText(r: Rule): string {
  let t = SERVICES_TEXT.get(r);
  if (t === undefined) SERVICES_TEXT.set(r, (t = r.services.map((s) => `${s.protocol} ${formatPorts(s.ports, ', ')}`).join(' · ')));
  return t;
}

export interface RuleGroup {
  direction: Direction;
  fromZone: string;
  toZone: string;
  rules: Rule[];
}

/** Rules grouped by direction and zone pair, in the order of the policy (zone order of the deployment). */
export function groupRules(rules: readonly DirectedRule[]): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const byKey = new Map<string, RuleGroup>();
  for (const { rule, direction } of rules) {
    const k = `${direction}\u0000${rule.fromZone}\u0000${rule.toZone}`;
    const g = byKey.get(k);
    if (g) g.rules.push(rule);
    else {
      const n: RuleGroup = { direction, fromZone: rule.fromZone, toZone: rule.toZone, rules: [rule] };
      byKey.set(k, n);
      groups.push(n);
    }
  }
  return groups;
}

export interface MatrixCell {
  /** Rules from the row zone to the column zone. */
  rules: number;
  /** Flows of the plan inside one zone, left to host firewalls (zone firewall scope, diagonal). */
  inside: number;
}

/** Flows inside each zone, per plan (a pass over every flow of the plan: done once). */
const INSIDE = new WeakMap<Policy['plan'], Map<string, number>>();

/** Zone-pair matrix: rows are source zones, columns destination zones, in the deployment's order. */
export function zoneMatrix(policy: Policy, rules: readonly DirectedRule[]): { zones: string[]; cell: (from: string, to: string) => MatrixCell } {
  const zones = policy.deployment.zones.map((z) => z.name);
  const count = new Map<string, number>();
  const inside = new Map<string, number>();
  const key = (a: string, b: string): string => `${a}\u0000${b}`;
  for (const { rule } of rules) count.set(key(rule.fromZone, rule.toZone), (count.get(key(rule.fromZone, rule.toZone)) ?? 0) + 1);
  if (policy.scope === 'zone-firewall') {
    const cached = INSIDE.get(policy.plan);
    if (cached) for (const [z, n] of cached) inside.set(z, n);
    else {
      for (const [k, n] of zonePairFlowCounts(policy.plan)) {
        const [a, b] = k.split('\u0000') as [string, string];
        if (a === b) inside.set(a, n);
      }
      INSIDE.set(policy.plan, new Map(inside));
    }
  }
  return { zones, cell: (a, b) => ({ rules: count.get(key(a, b)) ?? 0, inside: a === b ? (inside.get(a) ?? 0) : 0 }) };
}

export const scopeText = (policy: Policy): string =>
  policy.scope === 'host' ? `host firewall of ${policy.host ?? ''}` : 'zone firewall (traffic between zones)';

/** Summary facts as label/value pairs. */
export function summaryFacts(policy: Policy, rules: readonly DirectedRule[]): [string, string][] {
  const d = policy.deployment;
  const n = (f: (r: Rule) => boolean): number => rules.filter((r) => f(r.rule)).length;
  const inbound = rules.filter((r) => r.direction === 'inbound').length;
  const outbound = rules.filter((r) => r.direction === 'outbound').length;
  return [
    ['Deployment', d.name],
    ['Scope', scopeText(policy)],
    ['Veeam Backup & Replication', d.version],
    ['Phase', policy.plan.phase === 'deploy' ? 'deploy (installation and upgrades included)' : 'operate (steady state)'],
    ['Failover ports', policy.plan.failover ? 'included' : 'left out'],
    ['Rules', policy.scope === 'host' ? `${inbound} inbound${outbound ? `, ${outbound} outbound` : ''}` : String(rules.length)],
    ['Deploy-phase rules', String(n((r) => r.phase === 'deploy'))],
    ['Failover-only rules', String(n((r) => r.failover))],
    ["Plan", `${flowCount(policy.plan)} flows between ${d.hosts.length} hosts in ${d.zones.length} zones`],
    ['Default', 'deny; return traffic by connection tracking (stateful)'],
  ];
}

/** `1 rule`, `3 rules`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Notes for the reviewer, as plain sentences. */
export function reportNotes(policy: Policy, rules: readonly DirectedRule[], outboundShown: boolean): string[] {
  const out = [
    'The firewall is stateful: return traffic of an allowed connection passes by connection tracking, so no rule opens the reverse direction.',
    'Everything the rules do not allow is denied (default deny).',
  ];
  const count = (f: (r: Rule) => boolean): number => rules.filter((r) => f(r.rule)).length;
  if (policy.scope === 'zone-firewall' && policy.notCovered)
    out.push(`${plural(policy.notCovered, 'flow')} of the plan ${policy.notCovered === 1 ? 'stays' : 'stay'} inside one zone and ${policy.notCovered === 1 ? 'does' : 'do'} not cross this firewall: host firewalls carry them (vbrwall render --scope host).`);
  if (policy.scope === 'host' && policy.outbound.length && !outboundShown) out.push(`Outbound rules of the host (${policy.outbound.length}) are not listed: render with --outbound to include them.`);
  const deploy = count((r) => r.phase === 'deploy');
  if (deploy) out.push(`Rules needed only in the deploy phase: ${deploy}. They serve installation and upgrades: remove them once the deployment is done.`);
  const failover = count((r) => r.failover);
  if (failover) out.push(`Rules that open failover ports only: ${failover}. Veeam uses them when the primary port is unavailable (for example 2500-3300 behind 6162): vbrwall render --no-failover leaves them out.`);
  const fqdn = count((r) => [r.source, r.destination].some((o) => !o.any && !o.cidrs.length && o.fqdns.length > 0));
  if (fqdn) out.push(`Rules that match a DNS name: ${fqdn}. The firewall needs FQDN objects for them, or the host needs addresses in the deployment file.`);
  const any = count((r) => r.source.any || r.destination.any);
  if (any) out.push(`Rules that match any address of the internet zone: ${any}. Review them with particular care.`);
  for (const d of [...policy.plan.diagnostics, ...policy.diagnostics])
    if (d.code !== 'PLAN_DEFAULT_APPLIED') out.push(`${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  return out;
}
