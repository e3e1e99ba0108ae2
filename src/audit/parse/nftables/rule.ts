/**
 * One nft rule: its matches (addresses, ports, protocol, conntrack state, interfaces), what
 * vbrwall cannot evaluate (assumed to match, reported), and its verdict or verdict map.
 * Expressions: nft(8) "PAYLOAD EXPRESSIONS", "META EXPRESSIONS", "CONNTRACK EXPRESSIONS",
 * "VERDICT STATEMENT", "MAPS".
 * @module
 */
import { lineRef } from '../../acl.js';
import type { ParseReport } from '../_report.js';
import type { Tok } from './lex.js';
import type { Item, NftFamily, NftRule, Selector, Value, Verdict } from './model.js';

const SELECTORS: Readonly<Record<string, Readonly<Record<string, Selector>>>> = {
  ip: { saddr: 'ip saddr', daddr: 'ip daddr', protocol: 'l4proto' },
  ip6: { saddr: 'ip6 saddr', daddr: 'ip6 daddr', nexthdr: 'l4proto' },
  tcp: { dport: 'tcp dport', sport: 'tcp sport' },
  udp: { dport: 'udp dport', sport: 'udp sport' },
  udplite: { dport: 'th dport', sport: 'th sport' },
  sctp: { dport: 'sctp dport', sport: 'sctp sport' },
  th: { dport: 'th dport', sport: 'th sport' },
  meta: { l4proto: 'l4proto', nfproto: 'nfproto', iifname: 'iifname', oifname: 'oifname', iif: 'iifname', oif: 'oifname' },
  ct: { state: 'ct state' },
};
const BARE: Readonly<Record<string, Selector>> = { l4proto: 'l4proto', nfproto: 'nfproto', iifname: 'iifname', oifname: 'oifname', iif: 'iifname', oif: 'oifname' };
const VERDICTS = new Set(['accept', 'drop', 'reject', 'return', 'continue', 'jump', 'goto', 'queue']);
const KEYWORDS = new Set([...VERDICTS, 'counter', 'log', 'limit', 'comment', 'meta', 'ct', 'ip', 'ip6', 'tcp', 'udp', 'th', 'sctp', 'udplite', 'icmp', 'icmpv6', 'notrack', 'vmap', 'quota', 'mark', 'masquerade', 'snat', 'dnat', 'redirect', 'iifname', 'oifname', 'iif', 'oif', 'l4proto', 'nfproto', 'fib', 'socket', 'rt', 'ether', 'vlan', 'arp', 'dccp', 'ah', 'esp', 'comp', 'icmpx', 'igmp', 'exthdr', 'frag', 'hbh', 'mh', 'dst', 'set', 'update', 'add', 'synproxy', 'tproxy', 'flow', 'dup', 'fwd']);

export function parseRule(ts: Tok[], family: NftFamily, table: string, chain: string, text: string, rep: ParseReport, file: string): NftRule | undefined {
  const start = ts[0]!.start;
  const end = ts[ts.length - 1]!.end;
  const line = rep.lineOf(start);
  const r: NftRule = { family, table, chain, matches: [], unmodelled: [], verdict: { kind: 'continue' }, ref: lineRef(file, rep.starts, line, `line ${line}`, end), text: text.slice(start, end).replace(/\s+/g, ' ').trim() };
  const p = { i: 0 };
  const fail = (t: Tok | undefined, msg: string, hint?: string): undefined => void rep.syntax(t?.start ?? start, t?.end ?? end, msg, hint);
  /** An operator and a value after a selector; `vmap` makes the verdict. */
  const valueOf = (sel: Selector, at: number): boolean => {
    let negate = false;
    const op = ts[p.i];
    if (op?.v === '!=' || op?.v === '!' || op?.v === 'ne') {
      negate = true;
      p.i++;
    } else if (op?.v === '==' || op?.v === 'eq') p.i++;
    if (ts[p.i]?.v === 'vmap') {
      const vt = ts[p.i++]!;
      if (ts[p.i]?.v === '@') {
        p.i++;
        const n = ts[p.i++];
        if (!n) return !!fail(vt, 'vmap needs a map');
        r.verdict = { kind: 'vmap', selector: sel, map: { set: n.v }, at: [at, n.end] };
        return true;
      }
      if (ts[p.i]?.v !== '{') return !!fail(ts[p.i], 'vmap needs { KEY : VERDICT, … } or @map');
      p.i++;
      const entries: { key: Item; verdict: Verdict }[] = [];
      while (p.i < ts.length && ts[p.i]!.v !== '}') {
        if (ts[p.i]!.v === ',') {
          p.i++;
          continue;
        }
        const k = ts[p.i++]!;
        if (ts[p.i]?.v !== ':') return !!fail(ts[p.i], "expected ':' in a verdict map");
        p.i++;
        const v = verdict(ts, p, rep);
        if (!v) return false;
        p.i = v.next;
        entries.push({ key: k.v, verdict: v.verdict });
      }
      p.i++;
      r.verdict = { kind: 'vmap', selector: sel, map: entries, at: [at, ts[p.i - 1]?.end ?? end] };
      return true;
    }
    const v = values(ts, p);
    if (!v) return !!fail(ts[p.i], `${sel} needs a value`);
    r.matches.push({ selector: sel, negate, value: v.value, at: [at, v.end] });
    return true;
  };
  const skipValue = (): void => {
    const op = ts[p.i];
    if (op && ['!=', '==', '!', '<', '>', '<=', '>=', 'eq', 'ne', 'lt', 'gt'].includes(op.v)) p.i++;
    values(ts, p);
  };
  while (p.i < ts.length) {
    const t = ts[p.i++]!;
    const w = t.v;
    const next = ts[p.i]?.v ?? '';
    const sel = SELECTORS[w]?.[next];
    if (sel) {
      p.i++;
      if (!valueOf(sel, t.start)) return undefined;
      continue;
    }
    if (BARE[w]) {
      if (!valueOf(BARE[w], t.start)) return undefined;
      continue;
    }
    if ((w === 'tcp') && next === 'flags') {
      p.i++;
      const from = p.i;
      while (p.i < ts.length && !KEYWORDS.has(ts[p.i]!.v)) p.i++;
      const expr = ts.slice(from, p.i).map((x) => x.v).join(' ');
      const syn = synMask(expr);
      if (syn) r.matches.push({ selector: 'tcp syn', negate: syn.negate, value: { items: [] }, at: [t.start, ts[p.i - 1]!.end] });
      else r.unmodelled.push({ what: `tcp flags ${expr}`, at: [t.start, ts[p.i - 1]?.end ?? t.end] });
      continue;
    }
    if ((w === 'icmp' || w === 'icmpv6') && (next === 'type' || next === 'code')) {
      p.i++;
      skipValue();
      r.matches.push({ selector: 'l4proto', negate: false, value: { items: [w] }, at: [t.start, ts[p.i - 1]!.end] });
      continue;
    }
    if (w === 'counter') {
      while (ts[p.i] && (ts[p.i]!.v === 'packets' || ts[p.i]!.v === 'bytes')) p.i += 2;
      continue;
    }
    if (w === 'log') {
      while (ts[p.i] && ['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold'].includes(ts[p.i]!.v)) {
        const o = ts[p.i++]!.v;
        p.i++;
        if (o === 'flags') while (ts[p.i]?.v === ',') p.i += 2;
      }
      continue;
    }
    if (w === 'comment') {
      const c = ts[p.i++];
      if (c) r.comment = c.v;
      continue;
    }
    if (w === 'limit' || w === 'quota' || (w === 'ct' && next !== 'state') || (w === 'meta' && !SELECTORS.meta![next]) || ['ip', 'ip6', 'tcp', 'udp', 'sctp', 'fib', 'socket', 'rt', 'ether', 'vlan', 'dccp', 'ah', 'esp', 'mark', 'exthdr', 'frag'].includes(w)) {
      // A condition or a statement vbrwall does not evaluate: `meta mark set 1`, `ct mark 0x1`, `limit rate 10/second`.
      const from = p.i - 1;
      while (p.i < ts.length && !KEYWORDS.has(ts[p.i]!.v)) p.i++;
      const what = ts.slice(from, p.i).map((x) => x.v).join(' ');
      if (/\bset\b/.test(what) && (w === 'meta' || w === 'ct')) continue;
      if (ts[p.i]?.v === 'set') {
        p.i++;
        skipValue();
        continue;
      }
      r.unmodelled.push({ what, at: [ts[from]!.start, ts[p.i - 1]!.end] });
      continue;
    }
    if (w === 'notrack' || w === 'masquerade' || w === 'snat' || w === 'dnat' || w === 'redirect') {
      while (p.i < ts.length && !VERDICTS.has(ts[p.i]!.v)) p.i++;
      continue;
    }
    if (VERDICTS.has(w)) {
      const v = verdict(ts, { i: p.i - 1 }, rep);
      if (!v) return undefined;
      p.i = v.next;
      r.verdict = v.verdict;
      if (p.i < ts.length && ts[p.i]!.v === 'comment') continue;
      if (p.i < ts.length) return fail(ts[p.i], `unexpected '${ts[p.i]!.v}' after the verdict`);
      continue;
    }
    return fail(t, `unknown expression '${w}'`, 'see nft(8); pass --lenient to skip the rule');
  }
  return r;
}

/**
 * Whether a `tcp flags` expression picks the first packet of a connection: `syn / fin,syn,rst,ack`,
 * `& (fin|syn|rst|ack) == syn`, or `syn`.
 */
function synMask(expr: string): { negate: boolean } | undefined {
  const e = expr.replace(/\s+/g, ' ').trim();
  if (e === 'syn' || e === '== syn') return { negate: false };
  const a = /^(!= )?syn \/ (.+)$/.exec(e);
  if (a && /\back\b/.test(a[2]!)) return { negate: !!a[1] };
  const b = /^& \( (.+) \) (==|!=) syn$/.exec(e);
  if (b && /\back\b/.test(b[1]!)) return { negate: b[2] === '!=' };
  return undefined;
}

/** A value: a word, a string, a comma list, `{ … }` or `@set`. */
function values(ts: Tok[], p: { i: number }): { value: Value; end: number } | undefined {
  const t = ts[p.i];
  if (!t) return undefined;
  if (t.v === '@') {
    const n = ts[p.i + 1];
    if (!n) return undefined;
    p.i += 2;
    return { value: { set: n.v }, end: n.end };
  }
  const items: Item[] = [];
  if (t.v === '{') {
    p.i++;
    while (p.i < ts.length && ts[p.i]!.v !== '}') {
      const x = ts[p.i++]!;
      if (x.v !== ',') items.push(x.v);
    }
    const close = ts[p.i++];
    return close ? { value: { items }, end: close.end } : undefined;
  }
  if (t.t !== 'w' && t.t !== 's') return undefined;
  p.i++;
  items.push(t.v);
  let end = t.end;
  while (ts[p.i]?.v === ',' && ts[p.i + 1]) {
    items.push(ts[p.i + 1]!.v);
    end = ts[p.i + 1]!.end;
    p.i += 2;
  }
  return { value: { items }, end };
}

/** A verdict at ts[p.i]: accept, drop, reject [with …], return, continue, jump X, goto X, queue. */
export function verdict(ts: Tok[], p: { i: number }, rep: ParseReport): { verdict: Verdict; next: number } | undefined {
  let i = p.i;
  const t = ts[i++];
  if (!t) return undefined;
  switch (t.v) {
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
      return { verdict: { kind: t.v }, next: i };
    case 'reject':
      if (ts[i]?.v === 'with') {
        i++;
        while (i < ts.length && ts[i]!.v !== 'comment' && ts[i]!.v !== ',' && ts[i]!.v !== '}') i++;
      }
      return { verdict: { kind: 'reject' }, next: i };
    case 'queue':
      while (i < ts.length && ts[i]!.v !== 'comment' && ts[i]!.v !== ',' && ts[i]!.v !== '}') i++;
      return { verdict: { kind: 'accept' }, next: i };
    case 'jump':
    case 'goto': {
      const n = ts[i++];
      if (!n) return void rep.syntax(t.start, t.end, `${t.v} needs a chain`);
      return { verdict: { kind: t.v, target: n.v }, next: i };
    }
    default:
      return void rep.syntax(t.start, t.end, `'${t.v}' is not a verdict`, 'accept, drop, reject, return, continue, jump CHAIN, goto CHAIN');
  }
}
