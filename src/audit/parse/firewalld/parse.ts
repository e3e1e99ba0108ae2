/**
 * firewalld: `firewall-cmd --list-all-zones`. A connection is handled by the zone whose sources
 * hold its source address, else by the zone of its interface; vbrwall does not know interfaces, so
 * that is the default zone (or the one active zone with interfaces), with a note. In a zone: rich
 * rules with a negative priority, then deny rich rules, then allow rich rules, services, ports and
 * protocols, then rich rules with a positive priority, then the target (default: reject).
 * Format and order: firewall-cmd(1) "--list-all-zones", firewalld.zone(5), firewalld.richlanguage(5)
 * ("Rule ordering"). Inbound only: firewalld zones have no outbound rules.
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import type { Family } from '../../../net/ip.js';
import { normalizePorts, type PortRange } from '../../../net/ports.js';
import { AclBuilder, lineRef, type Acl, type AclRule, type AddrSide, type RuleRef } from '../../acl.js';
import { parseAddr, sideOf } from '../_addr.js';
import { parsePortItem } from '../_ports.js';
import { ParseReport } from '../_report.js';
import { FIREWALLD_SERVICES } from '../_services.js';
import type { ParseContext } from '../types.js';

interface Zone {
  name: string;
  line: number;
  start: number;
  isDefault: boolean;
  active: boolean;
  fields: Map<string, { value: string; line: number; start: number; end: number }>;
  rich: { text: string; line: number; start: number; end: number }[];
}

type Body = Omit<AclRule, 'id' | 'index' | 'chain'>;

export function parseFirewalld(text: string, ctx: ParseContext): Result<Acl> {
  const rep = new ParseReport(ctx.file, text, ctx.lenient);
  const zones: Zone[] = [];
  let cur: Zone | undefined;
  let inRich = false;
  let lineNo = 0;
  let offset = 0;
  for (const raw0 of text.split('\n')) {
    lineNo++;
    const start = offset;
    offset += raw0.length + 1;
    const raw = raw0.replace(/\r$/, '');
    if (!raw.trim()) {
      inRich = false;
      continue;
    }
    const end = start + raw.length;
    if (!/^\s/.test(raw)) {
      const m = /^(\S+)(?:\s+\(([^)]*)\))?\s*$/.exec(raw);
      if (!m) {
        rep.syntax(start, end, 'a zone line must read NAME or NAME (active)');
        continue;
      }
      const flags = (m[2] ?? '').split(/\s*,\s*/);
      cur = { name: m[1]!, line: lineNo, start, isDefault: flags.includes('default'), active: flags.includes('active'), fields: new Map(), rich: [] };
      zones.push(cur);
      inRich = false;
      continue;
    }
    if (!cur) {
      rep.syntax(start, end, 'a zone setting before any zone name');
      continue;
    }
    const kv = /^\s+([a-z-]+( [a-z]+)?):\s?(.*)$/.exec(raw);
    if (kv && !/^\s*rule\b/.test(raw)) {
      cur.fields.set(kv[1]!, { value: kv[3]!.trim(), line: lineNo, start, end });
      inRich = kv[1] === 'rich rules';
      if (inRich && kv[3]!.trim()) cur.rich.push({ text: kv[3]!.trim(), line: lineNo, start, end });
      continue;
    }
    if (inRich && /^\s+rule\b/.test(raw)) {
      cur.rich.push({ text: raw.trim(), line: lineNo, start: start + raw.search(/\S/), end });
      continue;
    }
    rep.syntax(start, end, `'${raw.trim()}' is not a line of \`firewall-cmd --list-all-zones\``);
  }
  if (!zones.length && !rep.failed) rep.error('AUDIT_SYNTAX', 0, 1, 'no zones in the file', 'export with `firewall-cmd --list-all-zones`');

  const b = new AclBuilder('firewalld', ctx.file);
  const withIfaces = zones.filter((z) => z.active && (z.fields.get('interfaces')?.value ?? '') !== '');
  const fallback = zones.find((z) => z.isDefault) ?? (withIfaces.length === 1 ? withIfaces[0] : undefined) ?? zones.find((z) => z.name === 'public') ?? zones[0];
  const firstLine = fallback ? lineRef(ctx.file, rep.starts, fallback.line, `zone ${fallback.name} (line ${fallback.line})`) : { file: ctx.file, line: 0, label: 'firewalld' };
  b.chain('input', 'firewalld dispatch', { base: { hook: 'input', priority: 0, policy: 'drop', policyRef: firstLine } });
  if (withIfaces.length > 1 || (withIfaces.length === 1 && withIfaces[0] !== fallback))
    rep.warn('AUDIT_INTERFACE_IGNORED', 0, 1, `zones ${withIfaces.map((z) => z.name).join(', ')} are bound to interfaces; vbrwall does not know which interface traffic arrives on and takes zone ${fallback?.name} for traffic from sources no zone names`);
  // Zones that name sources take those sources first.
  for (const z of zones) {
    const src = z.fields.get('sources');
    if (!src?.value) continue;
    const items = [];
    for (const s of src.value.split(/\s+/)) {
      const a = parseAddr(s);
      if (!a) {
        rep.warn('AUDIT_UNRESOLVED_REFERENCE', src.start, src.end, `zone ${z.name}: source '${s}' (an ipset or MAC address) cannot be resolved; it is left out`);
        continue;
      }
      items.push(a);
    }
    if (items.length) b.add('input', { ref: lineRef(ctx.file, rep.starts, src.line, `line ${src.line} (sources of zone ${z.name})`), text: `sources: ${src.value}`, action: 'goto', target: `zone:${z.name}`, src: sideOf(items) });
  }
  if (fallback) b.add('input', { ref: firstLine, text: `default zone ${fallback.name}`, action: 'goto', target: `zone:${fallback.name}` });
  for (const z of zones) zoneChain(z);
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([4, 6], ['input'], 'implicit'), diagnostics: rep.diagnostics };

  function zoneChain(z: Zone): void {
    const name = `zone:${z.name}`;
    const targetField = z.fields.get('target');
    const target = (targetField?.value ?? 'default').toUpperCase();
    const policy = target === 'ACCEPT' ? 'accept' : 'drop';
    const ref: RuleRef = targetField ? lineRef(ctx.file, rep.starts, targetField.line, `target of zone ${z.name} (line ${targetField.line})`) : lineRef(ctx.file, rep.starts, z.line, `zone ${z.name} (line ${z.line})`);
    b.chain(name, `zone ${z.name}`);
    const rich = z.rich.map((r) => ({ r, p: richRule(r) })).filter((x): x is { r: Zone['rich'][number]; p: { priority: number; bodies: Body[] } } => !!x.p);
    const pre = rich.filter((x) => x.p.priority < 0).sort((a, c) => a.p.priority - c.p.priority);
    const post = rich.filter((x) => x.p.priority > 0).sort((a, c) => a.p.priority - c.p.priority);
    const zero = rich.filter((x) => x.p.priority === 0);
    for (const x of pre) for (const body of x.p.bodies) b.add(name, body);
    for (const x of zero) for (const body of x.p.bodies) if (body.action !== 'accept') b.add(name, body);
    for (const x of zero) for (const body of x.p.bodies) if (body.action === 'accept') b.add(name, body);
    const svc = z.fields.get('services');
    for (const s of svc?.value ? svc.value.split(/\s+/) : []) {
      const def = FIREWALLD_SERVICES[s.toLowerCase()];
      if (!def) {
        rep.warn('AUDIT_UNRESOLVED_REFERENCE', svc!.start, svc!.end, `zone ${z.name}: service '${s}' is not one vbrwall knows; it is taken to open no port`, 'list its ports with `firewall-cmd --info-service=NAME`');
        continue;
      }
      for (const [p, ps] of [['tcp', def.tcp], ['udp', def.udp]] as const)
        if (ps.length) b.add(name, { ref: lineRef(ctx.file, rep.starts, svc!.line, `line ${svc!.line} (service ${s} of zone ${z.name})`), text: `service ${s}`, action: 'accept', protocol: { names: [p], negate: false }, ports: [{ dport: normalizePorts(ps) }] });
    }
    const ports = z.fields.get('ports');
    for (const s of ports?.value ? ports.value.split(/\s+/) : []) {
      const m = /^([\d-]+)\/(tcp|udp|sctp|dccp)$/.exec(s);
      const pr = m ? parsePortItem(m[1]!, '-') : undefined;
      if (!m || !pr) {
        rep.syntax(ports!.start, ports!.end, `'${s}' is not PORT/PROTOCOL`);
        continue;
      }
      b.add(name, { ref: lineRef(ctx.file, rep.starts, ports!.line, `line ${ports!.line} (port ${s} of zone ${z.name})`), text: `port ${s}`, action: 'accept', protocol: { names: [m[2]!], negate: false }, ports: [{ dport: [pr] }] });
    }
    const protocols = z.fields.get('protocols');
    for (const s of protocols?.value ? protocols.value.split(/\s+/) : [])
      b.add(name, { ref: lineRef(ctx.file, rep.starts, protocols!.line, `line ${protocols!.line} (protocol ${s} of zone ${z.name})`), text: `protocol ${s}`, action: 'accept', protocol: { names: [s.toLowerCase()], negate: false } });
    for (const x of post) for (const body of x.p.bodies) b.add(name, body);
    b.add(name, { ref, text: `target ${target}`, action: policy === 'accept' ? 'accept' : target === 'DROP' ? 'drop' : 'reject' });
  }

  function richRule(r: Zone['rich'][number]): { priority: number; bodies: Body[] } | undefined {
    const fail = (msg: string) => void rep.syntax(r.start, r.end, `rich rule: ${msg}`, 'see firewalld.richlanguage(5)');
    const toks = [...r.text.matchAll(/(\w[\w-]*)(?:="([^"]*)")?|(\S+)/g)].map((m) => ({ key: m[1] ?? m[3]!, value: m[2] }));
    if (toks[0]?.key !== 'rule') return fail('it must start with `rule`');
    let priority = 0;
    let family: Family | undefined;
    let src: AddrSide | undefined;
    let dst: AddrSide | undefined;
    let protos: string[] | undefined;
    let dport: PortRange[] | undefined;
    let sport: PortRange[] | undefined;
    let action: AclRule['action'] | undefined;
    let i = 1;
    const addr = (value: string | undefined, negate: boolean): AddrSide | undefined => {
      const a = value ? parseAddr(value) : undefined;
      return a ? sideOf([a], negate) : undefined;
    };
    while (i < toks.length) {
      const t = toks[i++]!;
      switch (t.key) {
        case 'family':
          family = t.value === 'ipv6' ? 6 : 4;
          break;
        case 'priority':
          priority = Number(t.value);
          break;
        case 'source':
        case 'destination': {
          let negate = false;
          if (toks[i]?.key === 'not') {
            negate = true;
            i++;
          }
          const a = toks[i++];
          if (a?.key !== 'address') return fail(`${t.key} ${a?.key ?? ''} (an ipset or MAC address) is not one vbrwall reads`);
          const side = addr(a.value, negate);
          if (!side) return fail(`'${a.value ?? ''}' is not an address or prefix`);
          if (t.key === 'source') src = side;
          else dst = side;
          break;
        }
        case 'service': {
          const n = (t.value ?? toks[i]?.value ?? '').toLowerCase();
          if (toks[i]?.key === 'name') i++;
          const def = FIREWALLD_SERVICES[n];
          if (!def) return fail(`service '${n}' is not one vbrwall knows`);
          protos = def.tcp.length && def.udp.length ? ['tcp', 'udp'] : def.tcp.length ? ['tcp'] : ['udp'];
          dport = normalizePorts([...def.tcp, ...def.udp]);
          break;
        }
        case 'port':
        case 'source-port': {
          let pv: string | undefined;
          let pp: string | undefined;
          while (toks[i] && (toks[i]!.key === 'port' || toks[i]!.key === 'protocol') && toks[i]!.value !== undefined) {
            if (toks[i]!.key === 'port') pv = toks[i]!.value;
            else pp = toks[i]!.value;
            i++;
          }
          const pr = pv ? parsePortItem(pv, '-') : undefined;
          if (!pr || !pp) return fail(`${t.key} needs port="…" protocol="…"`);
          protos = [pp];
          if (t.key === 'port') dport = [pr];
          else sport = [pr];
          break;
        }
        case 'protocol':
          protos = [String(t.value ?? toks[i++]?.value ?? '').toLowerCase()];
          if (toks[i - 1]?.key === 'value') break;
          break;
        case 'value':
          break;
        case 'log':
        case 'audit':
        case 'nflog':
          while (toks[i] && toks[i]!.value !== undefined) i++;
          break;
        case 'limit':
          while (toks[i] && toks[i]!.value !== undefined) i++;
          break;
        case 'accept':
          action = 'accept';
          break;
        case 'drop':
          action = 'drop';
          break;
        case 'reject':
          action = 'reject';
          while (toks[i] && toks[i]!.value !== undefined) i++;
          break;
        case 'icmp-block':
        case 'icmp-type':
        case 'masquerade':
        case 'forward-port':
        case 'mark':
          return undefined;
        default:
          if (t.value !== undefined) break;
          return fail(`'${t.key}' is not part of the rich rule language`);
      }
    }
    if (!action) return undefined;
    const ref = lineRef(ctx.file, rep.starts, r.line, `line ${r.line}`, r.end);
    const body: Body = {
      ref,
      text: r.text,
      action,
      ...(family ? { family } : {}),
      ...(src ? { src } : {}),
      ...(dst ? { dst } : {}),
      ...(protos ? { protocol: { names: protos, negate: false } } : {}),
      ...(dport || sport ? { ports: [{ ...(dport ? { dport } : {}), ...(sport ? { sport } : {}) }] } : {}),
    };
    return { priority, bodies: [body] };
  }
}
