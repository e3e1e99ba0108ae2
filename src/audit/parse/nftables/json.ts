/**
 * `nft -j list ruleset` (libnftables-json(5)): the same model as the text reader. Rules made by
 * iptables-nft hold `xt` expressions that JSON cannot show; they are located errors that point at
 * the iptables-save export instead.
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import { offsetRef, type Acl } from '../../acl.js';
import { isArr, isObj, type Json } from '../_json.js';
import { openJsonExport } from '../_report.js';
import type { ParseContext } from '../types.js';
import { buildAcl, type Item, type Match, type NftDocument, type NftFamily, type NftRule, type Selector, type Value, type Verdict } from './model.js';

const PAYLOAD: Readonly<Record<string, Readonly<Record<string, Selector>>>> = {
  ip: { saddr: 'ip saddr', daddr: 'ip daddr', protocol: 'l4proto' },
  ip6: { saddr: 'ip6 saddr', daddr: 'ip6 daddr', nexthdr: 'l4proto' },
  tcp: { dport: 'tcp dport', sport: 'tcp sport' },
  udp: { dport: 'udp dport', sport: 'udp sport' },
  sctp: { dport: 'sctp dport', sport: 'sctp sport' },
  th: { dport: 'th dport', sport: 'th sport' },
  udplite: { dport: 'th dport', sport: 'th sport' },
};
const META: Readonly<Record<string, Selector>> = { l4proto: 'l4proto', nfproto: 'nfproto', iifname: 'iifname', oifname: 'oifname', iif: 'iifname', oif: 'oifname' };

export function parseNftJson(text: string, ctx: ParseContext): Result<Acl> {
  const opened = openJsonExport(text, ctx);
  if (!opened.ok) return opened;
  const { rep, root, at } = opened;
  const value = root;
  const list = isObj(value) ? value.nftables : undefined;
  if (!isArr(list)) {
    rep.error('AUDIT_SYNTAX', 0, 1, 'expected {"nftables": [...]}', 'export with `nft -j list ruleset`');
    return { ok: false, diagnostics: rep.diagnostics };
  }
  const doc: NftDocument = { chains: [], sets: [], rules: [] };
  for (const entry of list) {
    if (!isObj(entry)) continue;
    const [kind, body] = Object.entries(entry)[0] ?? [];
    if (!isObj(body)) continue;
    const [s, e] = at(body);
    const family = String(body.family ?? 'ip') as NftFamily;
    const table = String(body.table ?? '');
    if (kind === 'chain') {
      const name = String(body.name);
      const ref = offsetRef(ctx.file, rep.starts, s, e, `policy of ${family} ${table} ${name}`);
      doc.chains.push({
        family, table, name,
        ...(typeof body.hook === 'string' ? { base: { type: String(body.type ?? 'filter'), hook: body.hook, priority: typeof body.prio === 'number' ? body.prio : 0, policy: body.policy === 'drop' ? 'drop' : 'accept', ref } } : {}),
      });
    } else if (kind === 'set' || kind === 'map') {
      const type = Array.isArray(body.type) ? body.type.map(String).join(' . ') : String(body.type ?? '');
      const elems = isArr(body.elem) ? body.elem : [];
      const verdictMap = kind === 'map' && body.map === 'verdict';
      const set = { family, table, name: String(body.name), type, verdictMap, elements: [] as Item[], mapEntries: [] as { key: Item; verdict: Verdict }[], at: [s, e] as [number, number] };
      for (const el of elems) {
        if (verdictMap && isArr(el)) {
          const key = item(el[0]);
          const v = verdictOf(el[1]);
          if (key !== undefined && v) set.mapEntries.push({ key, verdict: v });
          else rep.syntax(...at(el), 'a verdict map element must be [KEY, VERDICT]');
        } else {
          const it = item(el);
          if (it === undefined) rep.syntax(...at(isObj(el) || isArr(el) ? el : body), `set element ${JSON.stringify(el)} is not an address, port or range vbrwall reads`);
          else set.elements.push(it);
        }
      }
      doc.sets.push(set);
    } else if (kind === 'rule') {
      const chain = String(body.chain);
      const handle = body.handle === undefined ? '' : `, handle ${String(body.handle)}`;
      const ref = offsetRef(ctx.file, rep.starts, s, e, `${family} ${table} ${chain}${handle}`);
      const r: NftRule = { family, table, chain, matches: [], unmodelled: [], verdict: { kind: 'continue' }, ref, text: text.slice(s, e).slice(0, 400), ...(typeof body.comment === 'string' ? { comment: body.comment } : {}) };
      let ok = true;
      for (const x of isArr(body.expr) ? body.expr : []) {
        if (!isObj(x)) continue;
        const [k, v] = Object.entries(x)[0] ?? [];
        const where = at(x);
        if (k === 'match' && isObj(v)) {
          const m = match(v, where);
          if (m === 'unmodelled') r.unmodelled.push({ what: JSON.stringify(v.left), at: where });
          else if (m) r.matches.push(m);
          else ok = rep.syntax(...where, `match ${JSON.stringify(v).slice(0, 80)} is not one vbrwall reads`);
        } else if (k === 'xt') {
          const name = isObj(v) ? String(v.name ?? '') : '';
          ok = rep.syntax(...where, `the rule uses the iptables extension '${name}', which \`nft -j\` cannot show`, 'the ruleset was made by iptables-nft: audit the `iptables-save` export instead');
        } else if (k === 'vmap' && isObj(v)) {
          const key = isObj(v.key) ? selectorOf(v.key) : undefined;
          if (!key || key === 'tcp syn') ok = rep.syntax(...where, `vmap key ${JSON.stringify(v.key)} is not one vbrwall reads`);
          else if (typeof v.data === 'string' && v.data.startsWith('@')) r.verdict = { kind: 'vmap', selector: key, map: { set: v.data.slice(1) }, at: where };
          else if (isObj(v.data) && isArr(v.data.set)) {
            const entries: { key: Item; verdict: Verdict }[] = [];
            for (const el of v.data.set) {
              const kk = isArr(el) ? item(el[0]) : undefined;
              const vv = isArr(el) ? verdictOf(el[1]) : undefined;
              if (kk === undefined || !vv) ok = rep.syntax(...where, 'a verdict map element must be [KEY, VERDICT]');
              else entries.push({ key: kk, verdict: vv });
            }
            r.verdict = { kind: 'vmap', selector: key, map: entries, at: where };
          } else ok = rep.syntax(...where, 'vmap data must be @map or {"set": [...]}');
        } else if (k !== undefined && verdictOf(x)) r.verdict = verdictOf(x)!;
        else if (k === 'counter' || k === 'log' || k === 'mangle' || k === 'notrack' || k === 'set' || k === 'snat' || k === 'dnat' || k === 'masquerade' || k === 'redirect') continue;
        else if (k === 'limit' || k === 'quota' || k === 'ct count') r.unmodelled.push({ what: `${k} ${JSON.stringify(v)}`, at: where });
        else ok = rep.syntax(...where, `statement '${k}' is not one vbrwall reads`);
        if (!ok) break;
      }
      if (ok) doc.rules.push(r);
    }
  }
  return buildAcl(doc, rep, ctx.file, 'nftables-json');
}

function selectorOf(left: { [k: string]: Json }): Selector | undefined {
  if (isObj(left.payload)) return PAYLOAD[String(left.payload.protocol)]?.[String(left.payload.field)];
  if (isObj(left.meta)) return META[String(left.meta.key)];
  if (isObj(left.ct) && left.ct.key === 'state') return 'ct state';
  return undefined;
}

function match(m: { [k: string]: Json }, where: [number, number]): Match | 'unmodelled' | undefined {
  const op = String(m.op ?? '==');
  const negate = op === '!=';
  if (op !== '==' && op !== '!=' && op !== 'in') return 'unmodelled';
  const left = m.left;
  const right = m.right;
  if (isObj(left) && isArr(left['&'])) {
    // tcp flags & (fin|syn|rst|ack) == syn
    const [l, mask] = left['&'];
    const isFlags = isObj(l) && isObj(l.payload) && l.payload.protocol === 'tcp' && l.payload.field === 'flags';
    const masks = (isArr(mask) ? mask : [mask]).map(String);
    const rights = (isArr(right) ? right : [right]).map(String);
    if (isFlags && masks.includes('ack') && masks.includes('syn') && rights.length === 1 && rights[0] === 'syn') return { selector: 'tcp syn', negate, value: { items: [] }, at: where };
    return 'unmodelled';
  }
  if (isObj(left) && isObj(left.payload) && left.payload.protocol === 'tcp' && left.payload.field === 'flags') {
    return right === 'syn' || (isArr(right) && right.length === 1 && right[0] === 'syn') ? { selector: 'tcp syn', negate, value: { items: [] }, at: where } : 'unmodelled';
  }
  if (isObj(left) && isObj(left.payload) && (left.payload.protocol === 'icmp' || left.payload.protocol === 'icmpv6')) return { selector: 'l4proto', negate: false, value: { items: [String(left.payload.protocol)] }, at: where };
  const sel = isObj(left) ? selectorOf(left) : undefined;
  if (!sel) return 'unmodelled';
  const value = valueOf(right);
  if (!value) return undefined;
  return { selector: sel, negate, value, at: where };
}

function valueOf(r: Json | undefined): Value | undefined {
  if (typeof r === 'string' && r.startsWith('@')) return { set: r.slice(1) };
  if (isObj(r) && isArr(r.set)) {
    const items = r.set.map(item);
    return items.every((x) => x !== undefined) ? { items: items as Item[] } : undefined;
  }
  if (isArr(r)) {
    const items = r.map(item);
    return items.every((x) => x !== undefined) ? { items: items as Item[] } : undefined;
  }
  const it = item(r);
  return it === undefined ? undefined : { items: [it] };
}

function item(v: Json | undefined): Item | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (isObj(v)) {
    if (isObj(v.prefix)) return { prefix: [String(v.prefix.addr), Number(v.prefix.len)] };
    if (isArr(v.range) && v.range.length === 2) return { range: [String(v.range[0]), String(v.range[1])] };
    if (isObj(v.elem)) return item(v.elem.val);
  }
  return undefined;
}

function verdictOf(v: Json | undefined): Verdict | undefined {
  if (!isObj(v)) return undefined;
  const [k, body] = Object.entries(v)[0] ?? [];
  switch (k) {
    case 'accept':
    case 'drop':
    case 'reject':
    case 'return':
    case 'continue':
      return { kind: k };
    case 'queue':
      return { kind: 'accept' };
    case 'jump':
    case 'goto':
      return isObj(body) && typeof body.target === 'string' ? { kind: k, target: body.target } : undefined;
    default:
      return undefined;
  }
}
