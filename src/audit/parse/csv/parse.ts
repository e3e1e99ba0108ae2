/**
 * A generic rule sheet in CSV: source, destination, protocol, ports, action, in order, first match
 * wins, everything else denied. A header row names the columns (in any order; synonyms such as
 * src/from, dst/to, service, verdict are accepted); without one the five columns are taken in that
 * order. vbrwall's own change-request sheet (`render --target csv`) reads back: its `direction`
 * column sends each row to the forward, inbound or outbound path, and its address columns are used.
 * Addresses: prefixes, addresses, ranges, `any`, names of the deployment's hosts and zones, or a
 * host's DNS name (which stands for that host, as in vbrwall's own sheet).
 * Records: RFC 4180 (quoted fields, doubled quotes); `;` works as the separator too.
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import type { Family } from '../../../net/ip.js';
import { normalizePorts, type PortRange } from '../../../net/ports.js';
import { AclBuilder, lineRef, type Acl, type AclRule, type AddrSide, type Hook } from '../../acl.js';
import { Geometry } from '../../scope.js';
import { addrNormalize, type AddrIv } from '../../space.js';
import { parseAddr } from '../_addr.js';
import { parsePortItem } from '../_ports.js';
import { ParseReport } from '../_report.js';
import type { ParseContext } from '../types.js';

interface Field {
  text: string;
  start: number;
  end: number;
}

/** RFC 4180 records with the offsets of each field (quoted fields may span lines). */
export function csvRecords(text: string, sep: string): { fields: Field[]; line: number; start: number; end: number }[] | { error: number } {
  const out: { fields: Field[]; line: number; start: number; end: number }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const recStart = i;
    const recLine = line;
    const fields: Field[] = [];
    for (;;) {
      const start = i;
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) return { error: start };
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          value += c;
          i++;
        }
        while (i < text.length && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') i++;
      } else {
        while (i < text.length && text[i] !== sep && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      }
      fields.push({ text: value.trim(), start, end: i });
      if (text[i] === sep) {
        i++;
        continue;
      }
      break;
    }
    const end = i;
    if (text[i] === '\r') i++;
    if (text[i] === '\n') {
      i++;
      line++;
    }
    out.push({ fields, line: recLine, start: recStart, end });
  }
  return out;
}

type Column = 'source' | 'destination' | 'protocol' | 'ports' | 'action' | 'direction' | 'name';

const SYNONYMS: readonly [Column, RegExp][] = [
  ['source', /^(source addresses|source address(es)?|src addresses|source|src|from|source ip|source cidr)$/],
  ['destination', /^(destination addresses|destination address(es)?|dst addresses|destination|dest|dst|to|destination ip|destination cidr)$/],
  ['protocol', /^(protocol|proto|ip protocol)$/],
  ['ports', /^(ports|port|destination ports?|dport|service ports?|service)$/],
  ['action', /^(action|verdict|decision|access)$/],
  ['direction', /^(direction|dir|path)$/],
  ['name', /^(rule|name|rule name|id|comment|description)$/],
];

/** Preference when a sheet has both `source` (names) and `source addresses`. */
const PREFER = /addresses|address|ip|cidr/;

const ACTIONS: Readonly<Record<string, 'accept' | 'drop' | 'reject'>> = { allow: 'accept', accept: 'accept', permit: 'accept', pass: 'accept', yes: 'accept', deny: 'drop', drop: 'drop', block: 'drop', no: 'drop', reject: 'reject' };
const HOOK_OF: Readonly<Record<string, Hook>> = { forward: 'forward', routed: 'forward', inbound: 'input', in: 'input', input: 'input', ingress: 'input', outbound: 'output', out: 'output', output: 'output', egress: 'output' };

export function parseCsv(text: string, ctx: ParseContext): Result<Acl> {
  const rep = new ParseReport(ctx.file, text, ctx.lenient);
  const firstLine = text.split('\n', 1)[0] ?? '';
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const recs = csvRecords(text, sep);
  if ('error' in recs) {
    rep.error('AUDIT_SYNTAX', recs.error, recs.error + 1, 'unterminated quoted field');
    return { ok: false, diagnostics: rep.diagnostics };
  }
  const rows = recs.filter((r) => !(r.fields.length === 1 && (r.fields[0]!.text === '' || r.fields[0]!.text.startsWith('#'))) && !r.fields[0]!.text.startsWith('#'));
  let cols: Partial<Record<Column, number>> = { source: 0, destination: 1, protocol: 2, ports: 3, action: 4 };
  const head = rows[0];
  if (head && head.fields.some((f) => /^(source|src|from)\b/i.test(f.text)) && head.fields.some((f) => /^(destination|dest|dst|to)\b/i.test(f.text))) {
    cols = {};
    head.fields.forEach((f, i) => {
      const t = f.text.toLowerCase();
      const hit = SYNONYMS.find(([, re]) => re.test(t));
      if (!hit) return;
      const [col] = hit;
      if (cols[col] === undefined || (PREFER.test(t) && !PREFER.test(head.fields[cols[col]!]!.text.toLowerCase()))) cols[col] = i;
    });
    rows.shift();
    for (const c of ['source', 'destination', 'action'] as const)
      if (cols[c] === undefined) rep.error('AUDIT_SYNTAX', head.start, head.end, `the header names no ${c} column`, 'columns: source, destination, protocol, ports, action');
  }
  const geo = ctx.deployment ? new Geometry(ctx.deployment) : undefined;
  const parsed: { rule: Omit<AclRule, 'id' | 'index' | 'chain'>; hook?: Hook }[] = [];
  let lastLine = 1;
  for (const row of rows) {
    lastLine = row.line;
    const cell = (c: Column): Field | undefined => (cols[c] === undefined ? undefined : row.fields[cols[c]!]);
    const src = addresses(cell('source'), geo, rep);
    const dst = addresses(cell('destination'), geo, rep);
    const proto = protocols(cell('protocol'), rep);
    const ports = portList(cell('ports'), rep);
    const actionCell = cell('action');
    const action = actionCell ? ACTIONS[actionCell.text.toLowerCase()] : undefined;
    if (!action) {
      rep.syntax(actionCell?.start ?? row.start, actionCell?.end ?? row.end, `action '${actionCell?.text ?? ''}' is not allow or deny`, 'allow, accept, permit, deny, drop, block or reject');
      continue;
    }
    const dirCell = cell('direction');
    const hook = dirCell?.text ? HOOK_OF[dirCell.text.toLowerCase()] : undefined;
    if (dirCell?.text && !hook) {
      rep.syntax(dirCell.start, dirCell.end, `direction '${dirCell.text}' is not forward, inbound or outbound`);
      continue;
    }
    if (src === false || dst === false || proto === false || ports === false) continue;
    const name = cell('name')?.text;
    parsed.push({
      rule: {
        ref: lineRef(ctx.file, rep.starts, row.line, `line ${row.line}`, row.end),
        text: text.slice(row.start, row.end),
        action,
        ...(src ? { src } : {}),
        ...(dst ? { dst } : {}),
        ...(proto ? { protocol: { names: proto, negate: false } } : {}),
        ...(ports ? { ports: [{ dport: ports }] } : {}),
        ...(name ? { name } : {}),
      },
      ...(hook ? { hook } : {}),
    });
  }
  // The sheet is one ordered list for each path; a row with a direction belongs to that path only.
  const b = new AclBuilder('csv', ctx.file);
  const policyRef = lineRef(ctx.file, rep.starts, lastLine, `implicit deny at the end of the sheet (after line ${lastLine})`);
  for (const hook of ['input', 'forward', 'output'] as const) {
    b.chain(hook, `the sheet (${hook})`, { base: { hook, priority: 0, policy: 'drop', policyRef } });
    for (const p of parsed) if (!p.hook || p.hook === hook) b.add(hook, { ...p.rule });
  }
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([4, 6], ['input', 'forward', 'output'], 'implicit'), diagnostics: rep.diagnostics };
}

function addresses(f: Field | undefined, geo: Geometry | undefined, rep: ParseReport): AddrSide | undefined | false {
  if (!f || f.text === '' || /^(any|all|\*|0\.0\.0\.0\/0)$/i.test(f.text)) return undefined;
  const items: { family: Family; iv: AddrIv }[] = [];
  for (const part of f.text.replace(/^'/, '').split(/\s*[|;\s]\s*|,\s*/).filter(Boolean)) {
    if (/^(any|all|\*)$/i.test(part)) return undefined;
    const a = parseAddr(part);
    if (a) {
      items.push(a);
      continue;
    }
    const byFqdn = geo && !geo.hosts.has(part) ? [...geo.hosts.values()].find((h) => h.fqdn === part)?.name : undefined;
    const sets = geo && (geo.hosts.has(part) ? geo.cover(part) : byFqdn ? geo.cover(byFqdn) : geo.zones.has(part) ? geo.zone(part) : undefined);
    if (!sets && /^(?=.*[a-z])[a-z0-9.-]+\.[a-z]{2,}$/i.test(part)) {
      rep.warn('AUDIT_UNRESOLVED_REFERENCE', f.start, f.end, `'${part}' is a DNS name that no host of the deployment has; it is taken to match no address`, 'give its addresses, or name the host in the deployment with this fqdn');
      continue;
    }
    if (!sets) {
      rep.syntax(f.start, f.end, `'${part}' is not an address, a prefix, a range or a host or zone of the deployment`);
      return false;
    }
    for (const fam of [4, 6] as const) for (const iv of sets[fam]) items.push({ family: fam, iv });
  }
  return { 4: addrNormalize(items.filter((a) => a.family === 4).map((a) => a.iv)), 6: addrNormalize(items.filter((a) => a.family === 6).map((a) => a.iv)) };
}

function protocols(f: Field | undefined, rep: ParseReport): string[] | undefined | false {
  if (!f || f.text === '' || /^(any|all|\*|ip)$/i.test(f.text)) return undefined;
  const names = f.text.toLowerCase().split(/\s*[/+,|;\s]\s*/).filter(Boolean);
  for (const n of names)
    if (!['tcp', 'udp', 'icmp', 'icmpv6', 'sctp'].includes(n)) {
      rep.syntax(f.start, f.end, `protocol '${n}' is not tcp, udp, icmp or any`);
      return false;
    }
  return names;
}

function portList(f: Field | undefined, rep: ParseReport): PortRange[] | undefined | false {
  if (!f || f.text === '' || /^(any|all|\*)$/i.test(f.text)) return undefined;
  const out: PortRange[] = [];
  for (const part of f.text.split(/\s*[,;|\s]\s*/).filter(Boolean)) {
    const p = parsePortItem(part);
    if (!p) {
      rep.syntax(f.start, f.end, `'${part}' is not a port or a range`, 'e.g. 6162, 2500-3300 or any');
      return false;
    }
    out.push(p);
  }
  return normalizePorts(out);
}
