/**
 * Windows Firewall rules, from either reader (JSON export or netsh), into the ACL form: block rules
 * win over allow rules whatever their order (so blocks come first), then the profile's default
 * action. Rules bound to a program with no port count as opening that program's ports and are
 * reported as unscoped. The firewall is stateful: replies pass.
 * Semantics: Microsoft Learn "Windows Firewall rules" (rule precedence: block over allow) and
 * "New-NetFirewallRule" (-LocalPort keywords RPC, RPCEPMap, IPHTTPSIn/Out; -RemoteAddress
 * keywords LocalSubnet, DNS, DHCP, WINS, DefaultGateway, Internet, Intranet).
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import { normalizePorts, type PortRange } from '../../../net/ports.js';
import { AclBuilder, protoName, type Acl, type AclRule, type AddrSide, type Hook, type RuleRef } from '../../acl.js';
import { parseAddr, sideOf, sideUnion } from '../_addr.js';
import { parsePortItem } from '../_ports.js';
import type { ParseReport } from '../_report.js';
import { resolveTag } from '../_tags.js';
import type { ParseContext } from '../types.js';
import { programPorts } from './programs.js';

export interface WinRule {
  name: string;
  enabled: boolean;
  direction: 'in' | 'out';
  action: 'allow' | 'block';
  protocol: string;
  localPorts: string[];
  remotePorts: string[];
  localAddresses: string[];
  remoteAddresses: string[];
  program?: string;
  service?: string;
  ref: RuleRef;
  at: [number, number];
  text: string;
}

/** Port keywords: Microsoft Learn, New-NetFirewallRule -LocalPort. */
const PORT_KEYWORDS: Readonly<Record<string, PortRange[]>> = {
  rpc: [[49152, 65535]],
  rpcepmap: [[135, 135]],
  'rpc-epmap': [[135, 135]],
  iphttps: [[443, 443]],
  iphttpsin: [[443, 443]],
  iphttpsout: [[443, 443]],
  teredo: [[3544, 3544]],
};

const isAny = (xs: readonly string[]): boolean => !xs.length || xs.some((x) => x.toLowerCase() === 'any' || x === '*');

export function compileWindows(rules: readonly WinRule[], rep: ParseReport, ctx: ParseContext, format: string, defaults: { inbound: 'allow' | 'block'; outbound: 'allow' | 'block'; ref: RuleRef }): Result<Acl> {
  const b = new AclBuilder(format, ctx.file);
  const hooks: Record<'in' | 'out', Hook> = { in: 'input', out: 'output' };
  for (const d of ['in', 'out'] as const)
    b.chain(d, d === 'in' ? 'inbound rules' : 'outbound rules', {
      base: { hook: hooks[d], priority: 0, policy: (d === 'in' ? defaults.inbound : defaults.outbound) === 'allow' ? 'accept' : 'drop', policyRef: { ...defaults.ref, label: `default ${d === 'in' ? 'inbound' : 'outbound'} action (${d === 'in' ? defaults.inbound : defaults.outbound})` } },
    });
  const approximated = new Set<string>();
  const disabled = rules.filter((r) => !r.enabled).length;
  // Block wins over allow: every block rule is looked at before any allow rule.
  const ordered = [...rules.filter((r) => r.enabled && r.action === 'block'), ...rules.filter((r) => r.enabled && r.action === 'allow')];
  for (const r of ordered) for (const body of compileRule(r)) b.add(r.direction, body);
  if (disabled) rep.diagnostics.push({ code: 'AUDIT_DISABLED_RULE', severity: 'info', message: `${disabled} disabled rule${disabled === 1 ? ' was' : 's were'} left out`, file: ctx.file });
  for (const t of approximated) rep.diagnostics.push({ code: 'AUDIT_APPROXIMATION', severity: 'warning', message: t, file: ctx.file });
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([4, 6], ['input', 'output'], 'implicit'), diagnostics: rep.diagnostics };

  function compileRule(r: WinRule): Omit<AclRule, 'id' | 'index' | 'chain'>[] {
    const inbound = r.direction === 'in';
    const proto = protoName(r.protocol);
    const anyProto = proto === 'any' || proto === '';
    const local = addresses(r.localAddresses, r);
    const remote = addresses(r.remoteAddresses, r);
    if (local === false || remote === false) return [];
    const lp = ports(r.localPorts, r);
    const rp = ports(r.remotePorts, r);
    if (lp === false || rp === false) return [];
    const base = {
      ref: r.ref,
      text: r.text,
      name: r.name,
      action: (r.action === 'allow' ? 'accept' : 'drop') as AclRule['action'],
      ...(inbound ? { ...(remote ? { src: remote } : {}), ...(local ? { dst: local } : {}) } : { ...(local ? { src: local } : {}), ...(remote ? { dst: remote } : {}) }),
    };
    const dport = inbound ? lp : rp;
    const sport = inbound ? rp : lp;
    const portsOf = (d: PortRange[] | undefined) => (d || sport ? { ports: [{ ...(d ? { dport: d } : {}), ...(sport ? { sport } : {}) }] } : {});
    const bound = r.program && r.program.toLowerCase() !== 'any' ? r.program : undefined;
    const service = r.service && r.service.toLowerCase() !== 'any' ? r.service : undefined;
    if (inbound && !dport && (bound || service) && (anyProto || proto === 'tcp' || proto === 'udp')) {
      const known = bound ? programPorts(bound) : undefined;
      if (!known) {
        rep.warn('AUDIT_PROGRAM_RULE', r.at[0], r.at[1], `${r.ref.label}: the rule allows whatever ${bound ? `program ${bound}` : `service ${service}`} listens on, which vbrwall does not know; it is taken to open no port`, 'scope the rule to ports (-LocalPort), or check it by hand');
        return [];
      }
      const out: Omit<AclRule, 'id' | 'index' | 'chain'>[] = [];
      const unscoped = `rule '${r.name}' is bound to ${known.service} (${bound}), not to ports${remote ? '' : ', from any address'}: counted as opening what that program listens on`;
      for (const p of ['tcp', 'udp'] as const) {
        if (!anyProto && proto !== p) continue;
        const list = known[p];
        // The unscoped finding once per rule: on its first protocol.
        if (list.length) out.push({ ...base, protocol: { names: [p], negate: false }, ...portsOf([...list]), program: bound!, ...(out.length ? {} : { unscoped }) });
      }
      return out;
    }
    return [{ ...base, ...(anyProto ? {} : { protocol: { names: [proto], negate: false } }), ...portsOf(dport), ...(bound ? { program: bound } : {}) }];
  }

  function addresses(items: string[], r: WinRule): AddrSide | undefined | false {
    if (isAny(items)) return undefined;
    const sides: AddrSide[] = [];
    const addrs = [];
    for (const x of items) {
      const a = parseAddr(x);
      if (a) {
        addrs.push(a);
        continue;
      }
      const t = resolveTag(x, ctx);
      if (t) {
        approximated.add(`address keyword ${x} is taken as ${t.meaning}`);
        sides.push(t.side);
      } else {
        rep.warn('AUDIT_UNRESOLVED_REFERENCE', r.at[0], r.at[1], `${r.ref.label}: address '${x}' is a keyword vbrwall cannot resolve here; it is taken to match no address`, 'name addresses in the rule, or check it by hand');
        sides.push({ 4: [], 6: [] });
      }
    }
    if (addrs.length) sides.push(sideOf(addrs));
    return sideUnion(sides);
  }

  function ports(items: string[], r: WinRule): PortRange[] | undefined | false {
    if (isAny(items)) return undefined;
    const out: PortRange[] = [];
    for (const x of items.flatMap((s) => s.split(','))) {
      const k = PORT_KEYWORDS[x.trim().toLowerCase()];
      if (k) {
        approximated.add(`port keyword ${x.trim()} is taken as ${k.map(([a, c]) => (a === c ? a : `${a}-${c}`)).join(', ')}`);
        out.push(...k);
        continue;
      }
      const p = parsePortItem(x, '-');
      if (!p) {
        rep.syntax(r.at[0], r.at[1], `${r.ref.label}: '${x}' is not a port, a range or a port keyword`, 'ports: 6162, 2500-3300, Any, RPC, RPCEPMap');
        return false;
      }
      out.push(p);
    }
    return normalizePorts(out);
  }
}
