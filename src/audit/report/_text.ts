/**
 * Shared wording of the reports, and the text pieces the JSON and SARIF writers share.
 * @module
 */
import { formatPorts, type PortSet } from '../../net/ports.js';
import type { AuditReport } from '../audit.js';
import type { FlowVerdict } from '../evaluate.js';

/** Text that JSON.stringify writes as it is, between quotes: no quote, backslash, control character or lone surrogate half. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** `JSON.stringify(s)`, without its call for the plain text that nearly all names and labels are. */
export const quote = (s: string): string => (PLAIN.test(s) ? `"${s}"` : JSON.stringify(s));

export const scopeText = (r: AuditReport): string => (r.scope.kind === 'host' ? `host ${r.scope.host} (inbound${r.notAudited.some((n) => n.reason.includes('outbound')) ? '' : ' and outbound'})` : 'zone firewall (traffic between zones)');

export const repliesText = (r: AuditReport): string => (r.ruleset.replies === 'implicit' ? 'return traffic: implicit (stateful platform)' : 'return traffic: by the rules');

/**
 * Port texts, each made once per report: the plan shares one port list between all flows of a
 * kind (100 lists for 123,127 flows on the bench), and a flow that is wholly blocked misses
 * exactly its own ports. A `PortWords` lives as long as one report is formatted.
 */
export class PortWords {
  private readonly memo = new Map<PortSet, string>();

  /** `formatPorts(ps)`, by list. */
  of(ps: PortSet): string {
    let t = this.memo.get(ps);
    if (t === undefined) this.memo.set(ps, (t = formatPorts(ps)));
    return t;
  }

  /** `formatPorts(ps)` for a list made for one flow: the flow's own text when they are the same ports. */
  like(ps: PortSet, flowPorts: PortSet): string {
    if (ps.length !== flowPorts.length) return formatPorts(ps);
    for (let i = 0; i < ps.length; i++) if (ps[i]![0] !== flowPorts[i]![0] || ps[i]![1] !== flowPorts[i]![1]) return formatPorts(ps);
    return this.of(flowPorts);
  }
}

export const flowPorts = (v: FlowVerdict, words?: PortWords): string => `${v.flow.protocol} ${words ? words.of(v.flow.ports) : formatPorts(v.flow.ports)}`;

/** `6173 from all of vbr01 to 10.20.10.0/24` */
export function missingText(v: FlowVerdict, words?: PortWords): string {
  const m = v.missing;
  if (!m) return '';
  const from = m.allSources ? `all of ${v.flow.from}` : m.sources.join(', ');
  const to = m.allDestinations ? `all of ${v.flow.to}` : m.destinations.join(', ');
  return `${v.flow.protocol} ${words ? words.like(m.ports, v.flow.ports) : formatPorts(m.ports)}${m.returnTraffic ? ' (return traffic)' : ''} from ${from} to ${to}`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Verdicts per status, in one pass (no list per status: 123,127 verdicts on the bench). */
export function statusCounts(verdicts: AuditReport['verdicts']): { allowed: number; partial: number; blocked: number } {
  let allowed = 0;
  let partial = 0;
  let blocked = 0;
  for (const v of verdicts) {
    if (v.status === 'allowed') allowed++;
    else if (v.status === 'partial') partial++;
    else if (v.status === 'blocked') blocked++;
  }
  return { allowed, partial, blocked };
}

export function headline(r: AuditReport): string {
  const { allowed, partial, blocked } = statusCounts(r.verdicts);
  return [
    `${plural(r.verdicts.length, 'flow')}: ${allowed} allowed, ${partial} partial, ${blocked} blocked`,
    `${r.excess.length} open beyond need`,
    `${plural(r.shadowed.length, 'rule')} never match${r.shadowed.length === 1 ? 'es' : ''}`,
    `${plural(r.unused.length, 'rule')} match${r.unused.length === 1 ? 'es' : ''} nothing needed`,
  ].join(' · ');
}

/**
 * The texts of the breaks of each verdict (by index): those of the verdict's flow (its id, source
 * and destination: names with `>` in them can make two flows' ids equal). whatBreaks lists them in
 * the order of the verdicts, with the flow's own strings, so one walk pairs them without a text
 * key per flow (123,127 ids hashed cost more than the rest of a flow line); in any other order
 * they are grouped by flow id.
 */
export function breakTexts(r: AuditReport): (i: number) => readonly string[] | undefined {
  const bs = r.breaks;
  const of = (b: AuditReport['breaks'][number], f: FlowVerdict['flow']): boolean => b.flow === f.id && b.from === f.from && b.to === f.to;
  const at: (string[] | undefined)[] = new Array<string[] | undefined>(r.verdicts.length);
  let j = 0;
  for (let i = 0; i < r.verdicts.length && j < bs.length; i++) {
    const f = r.verdicts[i]!.flow;
    if (!of(bs[j]!, f)) continue;
    const l: string[] = [];
    while (j < bs.length && of(bs[j]!, f)) l.push(bs[j++]!.text);
    at[i] = l;
  }
  if (j === bs.length) return (i) => at[i];
  const byFlow = new Map<string, AuditReport['breaks']>();
  for (const b of bs) {
    const l = byFlow.get(b.flow);
    if (l) l.push(b);
    else byFlow.set(b.flow, [b]);
  }
  return (i) => {
    const f = r.verdicts[i]!.flow;
    const l = byFlow.get(f.id)?.filter((b) => of(b, f));
    return l?.length ? l.map((b) => b.text) : undefined;
  };
}
