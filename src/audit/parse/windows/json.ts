/**
 * Windows Firewall rules as JSON: the output of `vbrwall export-script windows` (rules with their
 * port, address and application filters, and the profiles' default actions), or a plain
 * `Get-NetFirewallRule | ConvertTo-Json` where enums are numbers.
 * Enums: NetSecurity Direction (1 Inbound, 2 Outbound), Action (2 Allow, 4 Block),
 * Enabled (1 True, 2 False).
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import { offsetRef, type Acl, type RuleRef } from '../../acl.js';
import { isArr, isObj, type Json } from '../_json.js';
import { openJsonExport } from '../_report.js';
import type { ParseContext } from '../types.js';
import { compileWindows, type WinRule } from './rules.js';

const list = (v: Json | undefined): string[] => (v === undefined || v === null ? [] : isArr(v) ? v.flatMap((x) => list(x)) : String(v).split(/\s*,\s*/).filter(Boolean));

const enabledOf = (v: Json | undefined): boolean | undefined => (v === true || v === 1 || v === '1' || /^true$/i.test(String(v)) ? true : v === false || v === 2 || v === '2' || /^false$/i.test(String(v)) ? false : undefined);
const directionOf = (v: Json | undefined): 'in' | 'out' | undefined => (v === 1 || /^(inbound|in|1)$/i.test(String(v)) ? 'in' : v === 2 || /^(outbound|out|2)$/i.test(String(v)) ? 'out' : undefined);
const actionOf = (v: Json | undefined): 'allow' | 'block' | undefined => (v === 2 || /^(allow|2)$/i.test(String(v)) ? 'allow' : v === 4 || /^(block|4)$/i.test(String(v)) ? 'block' : undefined);

export function parseWindowsJson(text: string, ctx: ParseContext): Result<Acl> {
  const opened = openJsonExport(text, ctx);
  if (!opened.ok) return opened;
  const { rep, root, at } = opened;
  const items = isArr(root) ? root : isObj(root) && isArr(root.Rules) ? root.Rules : isObj(root) ? [root] : [];
  const profiles = isObj(root) && isArr(root.Profiles) ? root.Profiles.filter(isObj) : [];
  const rules: WinRule[] = [];
  for (const r of items) {
    if (!isObj(r)) continue;
    const where = at(r);
    const name = String(r.DisplayName ?? r.Name ?? '?');
    const ref: RuleRef = offsetRef(ctx.file, rep.starts, where[0], where[1], `rule '${name}'`);
    const enabled = enabledOf(r.Enabled);
    const direction = directionOf(r.Direction);
    const action = actionOf(r.Action);
    if (enabled === undefined || !direction || !action) {
      rep.syntax(where[0], where[1], `rule '${name}' lacks Enabled, Direction or Action (or has a value vbrwall does not know)`, 'export with `vbrwall export-script windows`');
      continue;
    }
    rules.push({
      name, enabled, direction, action, ref, at: where,
      protocol: String(r.Protocol ?? 'Any'),
      localPorts: list(r.LocalPort),
      remotePorts: list(r.RemotePort),
      localAddresses: list(r.LocalAddress),
      remoteAddresses: list(r.RemoteAddress),
      ...(r.Program !== undefined && r.Program !== null ? { program: String(r.Program) } : {}),
      ...(r.Service !== undefined && r.Service !== null ? { service: String(r.Service) } : {}),
      text: `${name}: ${String(r.Direction)} ${String(r.Action)} ${String(r.Protocol ?? 'Any')} ${list(r.LocalPort).join(',') || 'Any'}`,
    });
  }
  if (!rules.length && !rep.failed) rep.error('AUDIT_SYNTAX', 0, 1, 'no firewall rules in the file', 'export with `vbrwall export-script windows`');
  // Default actions: Block inbound and Allow outbound unless the profiles say otherwise.
  const on = profiles.filter((p) => enabledOf(p.Enabled) !== false);
  const inbound = profiles.length && (!on.length || on.every((p) => /allow/i.test(String(p.DefaultInboundAction)))) ? 'allow' : 'block';
  const outbound = profiles.length && on.length && on.every((p) => /block/i.test(String(p.DefaultOutboundAction))) ? 'block' : 'allow';
  const pref = profiles[0] ? at(profiles[0]) : [0, 1];
  return compileWindows(rules, rep, ctx, 'windows', { inbound, outbound, ref: profiles.length ? offsetRef(ctx.file, rep.starts, pref[0]!, pref[1]!, 'profiles') : { file: ctx.file, line: 0, label: 'Windows default' } });
}
