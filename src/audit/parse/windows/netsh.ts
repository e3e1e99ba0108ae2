/**
 * netsh: `netsh advfirewall firewall add rule …` scripts (also `delete rule`, `set rule … new
 * enable=`, `set allprofiles firewallpolicy`, `reset`), and the output of
 * `netsh advfirewall firewall show rule name=all verbose`.
 * Syntax: Microsoft Learn "Netsh AdvFirewall Firewall Commands" (add rule parameters name, dir,
 * action, protocol, localport, remoteport, localip, remoteip, program, service, enable, profile).
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import { lineRef, type Acl } from '../../acl.js';
import { ParseReport } from '../_report.js';
import { tokenize } from '../_tokens.js';
import type { ParseContext } from '../types.js';
import { compileWindows, type WinRule } from './rules.js';

const KNOWN = new Set(['name', 'dir', 'action', 'protocol', 'localport', 'remoteport', 'localip', 'remoteip', 'program', 'service', 'enable', 'profile', 'description', 'interfacetype', 'rmtcomputergrp', 'rmtusrgrp', 'edge', 'security', 'group']);

export function parseNetsh(text: string, ctx: ParseContext): Result<Acl> {
  const rep = new ParseReport(ctx.file, text, ctx.lenient);
  const rules: WinRule[] = [];
  const defaults = { inbound: 'block' as 'allow' | 'block', outbound: 'allow' as 'allow' | 'block', ref: { file: ctx.file, line: 0, label: 'Windows default' } };
  if (/^\s*Rule Name:/m.test(text)) showOutput(text, rep, ctx, rules);
  else script(text, rep, ctx, rules, defaults);
  if (!rules.length && !rep.failed) rep.error('AUDIT_SYNTAX', 0, 1, 'no firewall rules in the file', 'give `netsh advfirewall firewall add rule …` lines or `show rule name=all verbose` output');
  return compileWindows(rules, rep, ctx, 'netsh', defaults);
}

function script(text: string, rep: ParseReport, ctx: ParseContext, rules: WinRule[], defaults: { inbound: 'allow' | 'block'; outbound: 'allow' | 'block'; ref: WinRule['ref'] }): void {
  let offset = 0;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '').trim();
    if (!line || /^(::|rem\b|#|@?echo\b)/i.test(line)) continue;
    const at = start + raw.indexOf(line.charAt(0));
    const toks = tokenize(text, at, start + raw.replace(/\r$/, '').length, false);
    if ('error' in toks) {
      rep.syntax(toks.error, start + raw.length, 'unterminated quote');
      continue;
    }
    const words = toks.map((t) => t.text);
    let i = 0;
    if (words[i]?.toLowerCase() === 'netsh') i++;
    if (words[i]?.toLowerCase() === 'advfirewall') i++;
    const lower = words.slice(i).map((w) => w.toLowerCase());
    const end = toks[toks.length - 1]!.end;
    if (lower[0] === 'reset') {
      rules.length = 0;
      continue;
    }
    if (lower[0] === 'set' && /profile(s)?$/.test(lower[1] ?? '') && lower[2] === 'firewallpolicy') {
      const [inb, outb] = (lower[3] ?? '').split(',');
      defaults.inbound = inb === 'allowinbound' ? 'allow' : 'block';
      defaults.outbound = outb === 'blockoutbound' ? 'block' : 'allow';
      defaults.ref = lineRef(ctx.file, rep.starts, lineNo, `firewall policy (line ${lineNo})`);
      continue;
    }
    if (lower[0] === 'set' && /profile(s)?$/.test(lower[1] ?? '') && lower[2] === 'state') {
      if (lower[3] === 'off') {
        defaults.inbound = 'allow';
        defaults.outbound = 'allow';
        defaults.ref = lineRef(ctx.file, rep.starts, lineNo, `firewall turned off (line ${lineNo})`);
      }
      continue;
    }
    if (lower[0] === 'set' && /profile(s)?$/.test(lower[1] ?? '')) continue;
    if (lower[0] !== 'firewall') {
      rep.syntax(toks[i]?.start ?? at, end, `'${words.slice(i, i + 3).join(' ')}' is not a netsh advfirewall firewall command vbrwall reads`, 'add rule, delete rule, set rule … new enable=, set allprofiles firewallpolicy');
      continue;
    }
    const cmd = `${lower[1] ?? ''} ${lower[2] ?? ''}`;
    const params = new Map<string, { value: string; start: number; end: number }>();
    let bad = false;
    let newPart = false;
    const newParams = new Map<string, string>();
    for (const t of toks.slice(i + 3)) {
      if (t.text.toLowerCase() === 'new') {
        newPart = true;
        continue;
      }
      const eq = t.text.indexOf('=');
      const k = eq < 0 ? '' : t.text.slice(0, eq).toLowerCase();
      if (!KNOWN.has(k)) {
        rep.syntax(t.start, t.end, `'${t.text}' is not a parameter of netsh advfirewall firewall ${cmd}`, [...KNOWN].join(', '));
        bad = true;
        break;
      }
      if (newPart) newParams.set(k, t.text.slice(eq + 1));
      else params.set(k, { value: t.text.slice(eq + 1), start: t.start, end: t.end });
    }
    if (bad) continue;
    const name = params.get('name')?.value ?? '';
    if (cmd === 'delete rule') {
      for (let k = rules.length - 1; k >= 0; k--) if (name.toLowerCase() === 'all' || rules[k]!.name === name) rules.splice(k, 1);
      continue;
    }
    if (cmd === 'set rule') {
      for (const r of rules) if (r.name === name && newParams.has('enable')) r.enabled = newParams.get('enable')!.toLowerCase() === 'yes';
      continue;
    }
    if (cmd !== 'add rule') {
      rep.syntax(toks[i + 1]?.start ?? at, end, `netsh advfirewall firewall ${cmd} is not a command vbrwall reads`, 'add rule, delete rule, set rule');
      continue;
    }
    const v = (k: string): string | undefined => params.get(k)?.value;
    const dir = v('dir')?.toLowerCase();
    const action = v('action')?.toLowerCase();
    if (!name || (dir !== 'in' && dir !== 'out') || (action !== 'allow' && action !== 'block' && action !== 'bypass')) {
      rep.syntax(at, end, 'add rule needs name=, dir=in|out and action=allow|block', 'netsh advfirewall firewall add rule name="…" dir=in action=allow protocol=TCP localport=6162');
      continue;
    }
    rules.push({
      name,
      enabled: (v('enable') ?? 'yes').toLowerCase() !== 'no',
      direction: dir,
      action: action === 'block' ? 'block' : 'allow',
      protocol: v('protocol') ?? 'any',
      localPorts: split(v('localport')),
      remotePorts: split(v('remoteport')),
      localAddresses: split(v('localip')),
      remoteAddresses: split(v('remoteip')),
      ...(v('program') ? { program: v('program')! } : {}),
      ...(v('service') ? { service: v('service')! } : {}),
      ref: lineRef(ctx.file, rep.starts, lineNo, `line ${lineNo}`, end),
      at: [at, end],
      text: line,
    });
  }
}

const split = (s: string | undefined): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);

/** `show rule name=all verbose`: blocks of `Key: value` lines, one block per rule. */
function showOutput(text: string, rep: ParseReport, ctx: ParseContext, rules: WinRule[]): void {
  let cur: { fields: Map<string, string>; line: number; start: number; end: number } | undefined;
  const flush = (): void => {
    if (!cur) return;
    const f = cur.fields;
    const name = f.get('rule name') ?? '?';
    const dir = f.get('direction')?.toLowerCase();
    const action = f.get('action')?.toLowerCase();
    if ((dir !== 'in' && dir !== 'out') || (action !== 'allow' && action !== 'block' && action !== 'bypass')) rep.syntax(cur.start, cur.end, `rule '${name}' lacks Direction or Action`);
    else
      rules.push({
        name,
        enabled: (f.get('enabled') ?? 'yes').toLowerCase() === 'yes',
        direction: dir,
        action: action === 'block' ? 'block' : 'allow',
        protocol: f.get('protocol') ?? 'Any',
        localPorts: split(f.get('localport')),
        remotePorts: split(f.get('remoteport')),
        localAddresses: split(f.get('localip')),
        remoteAddresses: split(f.get('remoteip')),
        ...(f.get('program') ? { program: f.get('program')! } : {}),
        ...(f.get('service') ? { service: f.get('service')! } : {}),
        ref: lineRef(ctx.file, rep.starts, cur.line, `line ${cur.line} (rule '${name}')`),
        at: [cur.start, cur.end],
        text: `${name}: ${dir} ${action} ${f.get('protocol') ?? ''} ${f.get('localport') ?? ''}`,
      });
    cur = undefined;
  };
  let offset = 0;
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const start = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line.trim());
    if (!line.trim() || /^-+$/.test(line.trim()) || /^Ok\.?$/i.test(line.trim())) continue;
    if (!m) {
      rep.syntax(start, start + line.length, 'not a `Key: value` line of `netsh advfirewall firewall show rule` output');
      continue;
    }
    const key = m[1]!.toLowerCase();
    if (key === 'rule name') {
      flush();
      cur = { fields: new Map(), line: lineNo, start, end: start + line.length };
    }
    if (cur) {
      cur.fields.set(key, m[2]!.trim());
      cur.end = start + line.length;
    }
  }
  flush();
}
