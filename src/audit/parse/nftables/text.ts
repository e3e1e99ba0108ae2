/**
 * `nft list ruleset` output, and `nft -f` files (so that vbrwall's own rendered rulesets audit
 * directly): tables, chains, named sets and maps, rules, `define`, `delete table`,
 * `flush ruleset`, `add rule`/`insert rule`. Grammar from nft(8).
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import type { Acl, RuleRef } from '../../acl.js';
import { lineRef } from '../../acl.js';
import { ParseReport } from '../_report.js';
import type { ParseContext } from '../types.js';
import { buildAcl, PRIORITY_NAMES, type Item, type NftChain, type NftDocument, type NftFamily, type NftRule, type NftSet, type Selector, type Value, type Verdict } from './model.js';

interface Tok {
  t: 'w' | 's' | 'p' | 'nl';
  v: string;
  start: number;
  end: number;
}

const PUNCT = new Set(['{', '}', ';', ',', '@', '$', '=', '(', ')', '|', '&', '[', ']', '<', '>']);

function lex(text: string, rep: ParseReport): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      out.push({ t: 'nl', v: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '"') {
      const start = i++;
      let v = '';
      while (i < n && text[i] !== '"' && text[i] !== '\n') v += text[i++];
      if (text[i] !== '"') {
        rep.syntax(start, i, 'unterminated string');
        continue;
      }
      i++;
      out.push({ t: 's', v, start, end: i });
      continue;
    }
    if ((c === '!' || c === '=' || c === '<' || c === '>') && text[i + 1] === '=') {
      out.push({ t: 'p', v: c + '=', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (c === '!' || PUNCT.has(c)) {
      out.push({ t: 'p', v: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text[i]!;
      if (d === ' ' || d === '\t' || d === '\r' || d === '\n' || d === '"' || d === '#' || d === '!' || PUNCT.has(d)) break;
      i++;
    }
    const v = text.slice(start, i);
    // A lone ':' separates map keys from data (`10.0.0.1 : accept`); IPv6 addresses keep theirs.
    out.push({ t: v === ':' ? 'p' : 'w', v, start, end: i });
  }
  return out;
}

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'bridge', 'arp', 'netdev']);

export function parseNftText(text: string, ctx: ParseContext): Result<Acl> {
  const rep = new ParseReport(ctx.file, text, ctx.lenient);
  const toks = lex(text, rep);
  const doc: NftDocument = { chains: [], sets: [], rules: [] };
  const defines = new Map<string, Tok[]>();
  let i = 0;
  const peek = (k = 0): Tok | undefined => toks[i + k];
  const skipNl = (): void => {
    while (toks[i] && (toks[i]!.t === 'nl' || toks[i]!.v === ';')) i++;
  };
  const word = (what: string): Tok | undefined => {
    const t = toks[i];
    if (!t || (t.t !== 'w' && t.t !== 's')) {
      rep.syntax(t?.start ?? text.length, t?.end ?? text.length, `expected ${what}`);
      return undefined;
    }
    i++;
    return t;
  };
  const expect = (v: string): boolean => {
    const t = toks[i];
    if (t?.v !== v) {
      rep.syntax(t?.start ?? text.length, t?.end ?? text.length, `expected '${v}'${t ? `, not '${t.v}'` : ''}`);
      return false;
    }
    i++;
    return true;
  };
  /** Skips to the end of the statement (newline or ';' at depth 0), or to the closing brace. */
  const skipStatement = (): void => {
    let depth = 0;
    while (toks[i]) {
      const t = toks[i]!;
      if (depth === 0 && (t.t === 'nl' || t.v === ';' || t.v === '}')) return;
      if (t.v === '{') depth++;
      if (t.v === '}') depth--;
      i++;
    }
  };
  const skipBlock = (): void => {
    let depth = 0;
    while (toks[i]) {
      const t = toks[i++]!;
      if (t.v === '{') depth++;
      if (t.v === '}' && --depth <= 0) return;
    }
  };
  const family = (): NftFamily => {
    const t = toks[i];
    if (t && FAMILIES.has(t.v) && toks[i + 1] && toks[i + 1]!.t !== 'nl' && toks[i + 1]!.v !== '{') {
      i++;
      return t.v as NftFamily;
    }
    return 'ip';
  };
  const removeTable = (fam: string, name: string): void => {
    doc.chains = doc.chains.filter((c) => !(c.family === fam && c.table === name));
    doc.sets = doc.sets.filter((s) => !(s.family === fam && s.table === name));
    doc.rules = doc.rules.filter((r) => !(r.family === fam && r.table === name));
  };
  const ensureChain = (fam: NftFamily, table: string, name: string): NftChain => {
    let c = doc.chains.find((x) => x.family === fam && x.table === table && x.name === name);
    if (!c) doc.chains.push((c = { family: fam, table, name }));
    return c;
  };

  /** Tokens of one rule: to the newline or ';' at brace depth 0, or to the chain's closing brace. */
  const ruleTokens = (): Tok[] => {
    const out: Tok[] = [];
    let depth = 0;
    while (toks[i]) {
      const t = toks[i]!;
      if (depth === 0 && (t.v === ';' || t.v === '}' || t.t === 'nl')) break;
      if (t.v === '{') depth++;
      if (t.v === '}') depth--;
      i++;
      if (t.t === 'nl') continue;
      if (t.v === '$' && toks[i]?.t === 'w') {
        const name = toks[i++]!;
        const def = defines.get(name.v);
        if (!def) rep.syntax(t.start, name.end, `variable $${name.v} is not defined`);
        else out.push(...def.map((d) => ({ ...d, start: t.start, end: name.end })));
        continue;
      }
      out.push(t);
    }
    return out;
  };

  const chainBody = (fam: NftFamily, table: string, name: string): void => {
    const c = ensureChain(fam, table, name);
    for (;;) {
      skipNl();
      const t = toks[i];
      if (!t) return void rep.syntax(text.length, text.length, `chain ${name} has no closing '}'`);
      if (t.v === '}') {
        i++;
        return;
      }
      if (t.v === 'type') {
        const start = t.start;
        i++;
        const type = word('a chain type (filter, nat, route)')?.v ?? 'filter';
        if (!expect('hook')) return skipStatement();
        const hook = word('a hook')?.v ?? 'input';
        if (toks[i]?.v === 'device') {
          i++;
          word('a device');
        }
        if (toks[i]?.v === 'devices') skipStatement();
        let priority = 0;
        if (toks[i]?.v === 'priority') {
          i++;
          const p = prio();
          if (p === undefined) return skipStatement();
          priority = p;
        }
        c.base = { type, hook, priority, policy: c.base?.policy ?? 'accept', ref: policyRef(ctx.file, rep, start, `${fam} ${table} ${name}`) };
        continue;
      }
      if (t.v === 'policy') {
        i++;
        const p = word('accept or drop');
        if (p && p.v !== 'accept' && p.v !== 'drop') rep.syntax(p.start, p.end, `policy '${p.v}' is not accept or drop`);
        if (c.base) c.base = { ...c.base, policy: p?.v === 'drop' ? 'drop' : 'accept', ref: policyRef(ctx.file, rep, t.start, `${fam} ${table} ${name}`) };
        else rep.syntax(t.start, t.end, 'policy before the chain type');
        continue;
      }
      if (t.v === 'comment' && toks[i + 1]?.t === 's' && (toks[i + 2]?.t === 'nl' || toks[i + 2]?.v === ';')) {
        i += 2;
        continue;
      }
      const rt = ruleTokens();
      if (rt.length) {
        const r = parseRule(rt, fam, table, name, text, rep, ctx.file);
        if (r) doc.rules.push(r);
      }
    }
  };

  const prio = (): number | undefined => {
    const t = toks[i];
    if (!t) return undefined;
    i++;
    let base: number;
    if (/^-?\d+$/.test(t.v)) base = Number(t.v);
    else if (t.v in PRIORITY_NAMES) base = PRIORITY_NAMES[t.v]!;
    else return void rep.syntax(t.start, t.end, `'${t.v}' is not a priority`, 'a number or filter, raw, mangle, dstnat, security, srcnat');
    const op = toks[i];
    if (op?.t === 'w' && /^[+-]\d+$/.test(op.v)) {
      i++;
      return base + Number(op.v);
    }
    if (op?.t === 'w' && (op.v === '+' || op.v === '-') && /^\d+$/.test(toks[i + 1]?.v ?? '')) {
      i += 2;
      return base + (op.v === '-' ? -1 : 1) * Number(toks[i - 1]!.v);
    }
    return base;
  };

  const setBody = (fam: NftFamily, table: string, name: string, at: number, isMap: boolean): void => {
    const s: NftSet = { family: fam, table, name, type: '', verdictMap: false, elements: [], mapEntries: [], at: [at, at] };
    doc.sets.push(s);
    for (;;) {
      skipNl();
      const t = toks[i];
      if (!t) return void rep.syntax(text.length, text.length, `set ${name} has no closing '}'`);
      if (t.v === '}') {
        s.at[1] = t.end;
        i++;
        return;
      }
      i++;
      if (t.v === 'type' || t.v === 'typeof') {
        const parts: string[] = [];
        while (toks[i] && toks[i]!.t !== 'nl' && toks[i]!.v !== ';' && toks[i]!.v !== '}') parts.push(toks[i++]!.v);
        const all = parts.join(' ');
        const [key, data] = all.split(/\s*:\s*/);
        s.type = t.v === 'typeof' ? typeofType(key ?? '') : (key ?? '');
        s.verdictMap = isMap && data === 'verdict';
      } else if (t.v === 'elements') {
        if (!expect('=') || !expect('{')) return skipBlock();
        for (;;) {
          while (toks[i] && (toks[i]!.t === 'nl' || toks[i]!.v === ',')) i++;
          const e = toks[i];
          if (!e) return;
          if (e.v === '}') {
            i++;
            break;
          }
          const key = item();
          if (!key) return skipBlock();
          // Element options: timeout, expires, counter, comment.
          while (toks[i] && ['timeout', 'expires', 'counter', 'packets', 'bytes', 'comment'].includes(toks[i]!.v)) {
            const o = toks[i++]!.v;
            if (o !== 'counter') i++;
          }
          if (toks[i]?.v === ':') {
            i++;
            const v = verdict(toks, { i }, rep);
            if (!v) return skipBlock();
            i = v.next;
            s.mapEntries.push({ key, verdict: v.verdict });
          } else s.elements.push(key);
        }
      } else skipStatement();
    }
  };

  const item = (): Item | undefined => {
    const t = toks[i];
    if (!t || (t.t !== 'w' && t.t !== 's')) return void rep.syntax(t?.start ?? text.length, t?.end ?? text.length, 'expected a set element');
    i++;
    return t.v;
  };

  const tableBody = (fam: NftFamily, table: string): void => {
    for (;;) {
      skipNl();
      const t = toks[i];
      if (!t) return void rep.syntax(text.length, text.length, `table ${table} has no closing '}'`);
      if (t.v === '}') {
        i++;
        return;
      }
      i++;
      if (t.v === 'chain') {
        const n = word('a chain name');
        if (!n || !expect('{')) return skipBlock();
        chainBody(fam, table, n.v);
      } else if (t.v === 'set' || t.v === 'map') {
        const n = word('a set name');
        if (!n || !expect('{')) return skipBlock();
        setBody(fam, table, n.v, t.start, t.v === 'map');
      } else if (t.v === 'flags' || t.v === 'comment') skipStatement();
      else if (['counter', 'quota', 'limit', 'ct', 'flowtable', 'secmark', 'synproxy'].includes(t.v)) {
        while (toks[i] && toks[i]!.v !== '{' && toks[i]!.t !== 'nl') i++;
        if (toks[i]?.v === '{') skipBlock();
      } else {
        rep.syntax(t.start, t.end, `unexpected '${t.v}' in table ${table}`, 'a table holds chain, set, map and stateful objects');
        skipStatement();
      }
    }
  };

  while (i < toks.length) {
    skipNl();
    const t = toks[i];
    if (!t) break;
    i++;
    if (t.v === 'table' || (t.v === 'add' && toks[i]?.v === 'table')) {
      if (t.v === 'add') i++;
      const fam = family();
      const n = word('a table name');
      if (!n) {
        skipStatement();
        continue;
      }
      if (toks[i]?.v === '{') {
        i++;
        tableBody(fam, n.v);
      }
    } else if (t.v === 'delete' || t.v === 'destroy' || t.v === 'flush') {
      const what = word('table, chain or ruleset');
      if (what?.v === 'ruleset') {
        doc.chains = [];
        doc.sets = [];
        doc.rules = [];
      }
      else if (what?.v === 'table') {
        const fam = family();
        const n = word('a table name');
        if (n) {
          if (t.v === 'flush') doc.rules = doc.rules.filter((r) => !(r.family === fam && r.table === n.v));
          else removeTable(fam, n.v);
        }
      } else if (what?.v === 'chain') {
        const fam = family();
        const tb = word('a table name');
        const ch = word('a chain name');
        if (tb && ch) {
          doc.rules = doc.rules.filter((r) => !(r.family === fam && r.table === tb.v && r.chain === ch.v));
          if (t.v !== 'flush') doc.chains = doc.chains.filter((c) => !(c.family === fam && c.table === tb.v && c.name === ch.v));
        }
      } else if (what) rep.syntax(what.start, what.end, `vbrwall does not read '${t.v} ${what.v}'`);
      skipStatement();
    } else if ((t.v === 'add' || t.v === 'create') && (toks[i]?.v === 'chain' || toks[i]?.v === 'set' || toks[i]?.v === 'map')) {
      const kind = toks[i++]!.v;
      const fam = family();
      const tb = word('a table name');
      const n = word('a name');
      if (!tb || !n) {
        skipStatement();
        continue;
      }
      if (kind === 'chain') {
        ensureChain(fam, tb.v, n.v);
        if (toks[i]?.v === '{') {
          i++;
          chainBody(fam, tb.v, n.v);
        }
      } else if (toks[i]?.v === '{') {
        i++;
        setBody(fam, tb.v, n.v, t.start, kind === 'map');
      }
    } else if ((t.v === 'add' || t.v === 'insert') && toks[i]?.v === 'rule') {
      i++;
      const fam = family();
      const tb = word('a table name');
      const ch = word('a chain name');
      if (!tb || !ch) {
        skipStatement();
        continue;
      }
      const rt = ruleTokens();
      const r = rt.length ? parseRule(rt, fam, tb.v, ch.v, text, rep, ctx.file) : undefined;
      if (r) {
        if (t.v === 'insert') {
          const first = doc.rules.findIndex((x) => x.family === fam && x.table === tb.v && x.chain === ch.v);
          doc.rules.splice(first < 0 ? doc.rules.length : first, 0, r);
        } else doc.rules.push(r);
      }
    } else if (t.v === 'define' || t.v === 'redefine') {
      const n = word('a variable name');
      if (!n || !expect('=')) {
        skipStatement();
        continue;
      }
      const start = i;
      skipStatement();
      defines.set(n.v, toks.slice(start, i).filter((x) => x.t !== 'nl'));
    } else if (t.v === 'undefine') {
      const n = word('a variable name');
      if (n) defines.delete(n.v);
    } else if (t.v === 'include') {
      rep.syntax(t.start, t.end, 'include is not supported: give the whole ruleset in one file', 'export it with `nft list ruleset`');
      skipStatement();
    } else {
      rep.syntax(t.start, t.end, `unexpected '${t.v}'`, 'an nft ruleset has table blocks (`nft list ruleset`) or nft -f commands');
      skipStatement();
    }
  }
  return buildAcl(doc, rep, ctx.file, 'nftables');
}

function policyRef(file: string, rep: ParseReport, offset: number, chain: string): RuleRef {
  const line = rep.lineOf(offset);
  return lineRef(file, rep.starts, line, `policy of ${chain} (line ${line})`);
}

const typeofType = (expr: string): string => {
  if (expr.includes('.')) return expr.split(/\s+\.\s+/).length > 1 ? 'concat' : expr;
  if (/saddr|daddr/.test(expr)) return expr.startsWith('ip6') ? 'ipv6_addr' : 'ipv4_addr';
  if (/dport|sport/.test(expr)) return 'inet_service';
  if (/l4proto|protocol/.test(expr)) return 'inet_proto';
  return expr;
};

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

function parseRule(ts: Tok[], family: NftFamily, table: string, chain: string, text: string, rep: ParseReport, file: string): NftRule | undefined {
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
function verdict(ts: Tok[], p: { i: number }, rep: ParseReport): { verdict: Verdict; next: number } | undefined {
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
