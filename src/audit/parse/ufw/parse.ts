/**
 * `ufw status verbose`: the default policies (incoming, outgoing, routed) and the rule table
 * (To, Action, From), in order, first match wins; `(v6)` rules are the IPv6 copies; application
 * profiles are read from the profiles Debian ships. ufw's own before-rules pass replies
 * (connection tracking), loopback and some ICMP.
 * Format: ufw(8) "status verbose", ufw-framework(8).
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import type { Family } from '../../../net/ip.js';
import { normalizePorts, type PortRange } from '../../../net/ports.js';
import { AclBuilder, lineRef, type Acl, type AclRule, type Hook } from '../../acl.js';
import { parseAddr } from '../_addr.js';
import { parsePortList } from '../_ports.js';
import { ParseReport } from '../_report.js';
import { UFW_APPS } from '../_services.js';
import type { ParseContext } from '../types.js';

interface End {
  family?: Family;
  addr?: { lo: bigint; hi: bigint };
  ports?: PortRange[];
  proto?: 'tcp' | 'udp';
  app?: string;
  iface?: string;
}

const HOOK: Readonly<Record<string, Hook>> = { IN: 'input', OUT: 'output', FWD: 'forward' };

export function parseUfwStatus(text: string, ctx: ParseContext): Result<Acl> {
  const rep = new ParseReport(ctx.file, text, ctx.lenient);
  const b = new AclBuilder('ufw', ctx.file);
  const policy: Record<Hook, 'accept' | 'drop'> = { input: 'drop', output: 'accept', forward: 'drop' };
  let policyLine = 0;
  let active = true;
  let inTable = false;
  let lineNo = 0;
  let offset = 0;
  const rules: { hook: Hook; body: Omit<AclRule, 'id' | 'index' | 'chain'> }[] = [];
  for (const raw0 of text.split('\n')) {
    lineNo++;
    const start = offset;
    offset += raw0.length + 1;
    const raw = raw0.replace(/\r$/, '');
    const line = raw.trim();
    if (!line) continue;
    const fail = (msg: string, hint?: string) => rep.syntax(start, start + raw.length, msg, hint);
    if (/^Status:/i.test(line)) {
      active = /active$/i.test(line) && !/inactive/i.test(line);
      continue;
    }
    if (/^(Logging|New profiles):/i.test(line)) continue;
    if (/^Default:/i.test(line)) {
      policyLine = lineNo;
      for (const m of line.matchAll(/(allow|deny|reject|disabled)\s*\((incoming|outgoing|routed)\)/gi)) {
        const hook = { incoming: 'input', outgoing: 'output', routed: 'forward' }[m[2]!.toLowerCase()] as Hook;
        policy[hook] = m[1]!.toLowerCase() === 'allow' ? 'accept' : 'drop';
      }
      continue;
    }
    if (/^To\s+Action\s+From/.test(line)) {
      inTable = true;
      continue;
    }
    if (/^-+\s+-+\s+-+/.test(line)) continue;
    if (!inTable) {
      fail(`'${line}' is not a line of \`ufw status verbose\``);
      continue;
    }
    const [body, comment] = splitComment(raw);
    const cols = body.trim().split(/\s{2,}/);
    const m = cols.length >= 3 ? /^(ALLOW|DENY|REJECT|LIMIT)(?:\s+(IN|OUT|FWD))?$/.exec(cols[1]!) : null;
    if (!m || cols.length > 3) {
      fail('a rule line must read TO  ACTION [IN|OUT|FWD]  FROM', 'columns are separated by two or more spaces, as ufw prints them');
      continue;
    }
    const to = endpoint(cols[0]!, fail);
    const from = endpoint(cols[2]!, fail);
    if (!to || !from) continue;
    const hook = HOOK[m[2] ?? 'IN']!;
    if (m[1] === 'LIMIT') rep.warn('AUDIT_UNMODELLED_MATCH', start, start + raw.length, `line ${lineNo}: LIMIT allows up to 6 connections in 30 seconds per source; vbrwall counts it as ALLOW`);
    const family = to.family ?? from.family ?? 4;
    if (to.family && from.family && to.family !== from.family) {
      fail('the two ends are of different address families');
      continue;
    }
    const protos = new Set<string>();
    const dport: PortRange[] | undefined = to.ports;
    const rule = (proto: string | undefined, ports: PortRange[] | undefined): Omit<AclRule, 'id' | 'index' | 'chain'> => {
      const side = (e: End) => (e.addr ? { [family]: [e.addr] } : { [family]: [{ lo: 0n, hi: family === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n }] });
      const iface = to.iface ?? from.iface;
      return {
        ref: lineRef(ctx.file, rep.starts, lineNo, `line ${lineNo}`, start + raw.length),
        text: line,
        family,
        action: m![1] === 'DENY' ? 'drop' : m![1] === 'REJECT' ? 'reject' : 'accept',
        ...(proto ? { protocol: { names: [proto], negate: false } } : {}),
        src: side(from),
        dst: side(to),
        ...(ports || from.ports ? { ports: [{ ...(ports ? { dport: ports } : {}), ...(from.ports ? { sport: from.ports } : {}) }] } : {}),
        ...(iface ? (hook === 'output' ? { oif: { names: [iface], negate: false } } : { iif: { names: [iface], negate: false } }) : {}),
        ...(iface === 'lo' ? { local: true } : {}),
        ...(comment ? { name: comment } : {}),
      };
    };
    if (to.app) {
      const app = UFW_APPS[to.app.toLowerCase()];
      if (!app) {
        fail(`application profile '${to.app}' is not one vbrwall knows`, `known: ${Object.keys(UFW_APPS).join(', ')}; or write the port instead`);
        continue;
      }
      for (const [p, ps] of [['tcp', app.tcp], ['udp', app.udp]] as const)
        if (ps.length) rules.push({ hook, body: rule(p, normalizePorts(ps)) });
      continue;
    }
    if (to.proto) protos.add(to.proto);
    if (from.proto) protos.add(from.proto);
    if (protos.size > 1) {
      fail('the two ends name different protocols');
      continue;
    }
    rules.push({ hook, body: rule(protos.size ? [...protos][0]! : undefined, dport) });
  }
  const policyRef = lineRef(ctx.file, rep.starts, policyLine || 1, policyLine ? `default policy (line ${policyLine})` : 'ufw default policy');
  if (!active) rep.warn('AUDIT_APPROXIMATION', 0, 1, 'ufw is inactive: it filters nothing, so everything is allowed');
  for (const hook of ['input', 'output', 'forward'] as const) {
    b.chain(hook, { input: 'ufw incoming', output: 'ufw outgoing', forward: 'ufw routed' }[hook], { base: { hook, priority: 0, policy: active ? policy[hook] : 'accept', policyRef } });
    if (active) for (const r of rules) if (r.hook === hook) b.add(hook, r.body);
  }
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([4, 6], ['input', 'forward', 'output'], 'implicit'), diagnostics: rep.diagnostics };
}

function splitComment(raw: string): [string, string | undefined] {
  const i = raw.search(/\s#\s/);
  return i < 0 ? [raw, undefined] : [raw.slice(0, i), raw.slice(i).replace(/^\s*#\s*/, '').trim()];
}

/** `Anywhere`, `10.0.0.0/24`, `22/tcp`, `10.30.0.21 6162/tcp`, `Anywhere on eth0`, `OpenSSH (v6)`. */
function endpoint(text: string, fail: (m: string, h?: string) => false): End | undefined {
  let t = text.trim();
  const e: End = {};
  if (/\(v6\)$/.test(t)) {
    e.family = 6;
    t = t.replace(/\s*\(v6\)$/, '');
  }
  const on = /\s+on\s+(\S+)$/.exec(t);
  if (on) {
    e.iface = on[1]!;
    t = t.slice(0, on.index);
  }
  const parts = t.split(/\s+/);
  let i = 0;
  if (parts[i] === 'Anywhere') i++;
  else if (parts[i] && parseAddr(parts[i]!)) {
    const a = parseAddr(parts[i]!)!;
    if (e.family && e.family !== a.family) return void fail(`'${parts[i]}' is not an IPv${e.family} address`);
    e.family = a.family;
    e.addr = a.iv;
    i++;
  }
  const rest = parts.slice(i).join(' ');
  if (!rest) return e;
  const pm = /^([\d,:]+)(?:\/(tcp|udp))?$/.exec(rest);
  if (pm) {
    const ports = parsePortList(pm[1]!, ':');
    if (!ports) return void fail(`'${rest}' is not a port list`);
    e.ports = ports;
    if (pm[2]) e.proto = pm[2] as 'tcp' | 'udp';
    return e;
  }
  if (i === 0) {
    e.app = rest;
    return e;
  }
  return void fail(`'${rest}' is not a port, a port list or an application profile`);
}
