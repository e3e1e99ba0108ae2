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
import { lex, type Tok } from './lex.js';
import { buildAcl, PRIORITY_NAMES, type Item, type NftChain, type NftDocument, type NftFamily, type NftSet } from './model.js';
import { parseRule, verdict } from './rule.js';

const FAMILIES = new Set(['ip', 'ip6', 'inet', 'bridge', 'arp', 'netdev']);

export function parseNftText(text: string, ctx: ParseContext): Result<Acl> {
  const rep = new ParseReport(ctx.file, text, ctx.lenient);
  const toks = lex(text, rep);
  const doc: NftDocument = { chains: [], sets: [], rules: [] };
  const defines = new Map<string, Tok[]>();
  let i = 0;
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

