/**
 * AWS security groups: `aws ec2 describe-security-groups` JSON. A security group only allows,
 * and every group on an instance adds to what is allowed; what no rule allows is denied; replies
 * pass (security groups are stateful). Rules that name another group or a prefix list cannot be
 * resolved to addresses and are reported.
 * Shape: EC2 API Reference "SecurityGroup", "IpPermission" (IpProtocol `-1` is every protocol;
 * FromPort/ToPort are ports for tcp and udp).
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import { AclBuilder, offsetRef, protoName, type Acl, type Hook } from '../../acl.js';
import { parseAddr, sideOf } from '../_addr.js';
import { isArr, isObj, type Json } from '../_json.js';
import { openJsonExport } from '../_report.js';
import type { ParseContext } from '../types.js';

export function parseAwsSecurityGroups(text: string, ctx: ParseContext): Result<Acl> {
  const opened = openJsonExport(text, ctx);
  if (!opened.ok) return opened;
  const { rep, root, at } = opened;
  const groups = isObj(root) && isArr(root.SecurityGroups) ? root.SecurityGroups : isArr(root) ? root : isObj(root) && isArr(root.IpPermissions) ? [root] : undefined;
  if (!groups) {
    rep.error('AUDIT_SYNTAX', 0, 1, 'expected {"SecurityGroups": [...]}', 'export with `aws ec2 describe-security-groups --group-ids …` (see `vbrwall export-script aws`)');
    return { ok: false, diagnostics: rep.diagnostics };
  }
  const b = new AclBuilder('aws', ctx.file);
  for (const [hook, label] of [['input', 'inbound'], ['output', 'outbound']] as const)
    b.chain(hook, `security groups (${label})`, { base: { hook, priority: 0, policy: 'drop', policyRef: { file: ctx.file, line: 0, label: `no ${label} rule allows it (security groups deny by default)` } } });
  for (const g of groups) {
    if (!isObj(g)) continue;
    const id = `${String(g.GroupId ?? '?')}${g.GroupName ? ` (${String(g.GroupName)})` : ''}`;
    for (const [key, hook, dir] of [['IpPermissions', 'input', 'inbound'], ['IpPermissionsEgress', 'output', 'outbound']] as const) {
      const perms = g[key];
      if (perms === undefined) continue;
      if (!isArr(perms)) {
        rep.syntax(...at(g), `${key} of ${id} is not a list`);
        continue;
      }
      perms.forEach((p, n) => permission(p, n, id, hook, dir));
    }
  }
  function permission(p: Json, n: number, id: string, hook: Hook, dir: string): void {
    if (!isObj(p)) return;
    const where = at(p);
    const ref = offsetRef(ctx.file, rep.starts, where[0], where[1], `${id} ${dir} rule ${n + 1}`);
    const proto = protoName(String(p.IpProtocol ?? ''));
    if (!proto) return void rep.syntax(...where, `${id} ${dir} rule ${n + 1} has no IpProtocol`);
    const all = proto === '-1';
    const hasPorts = proto === 'tcp' || proto === 'udp';
    let ports: [number, number] | undefined;
    if (hasPorts) {
      const from = Number(p.FromPort ?? 0);
      const to = Number(p.ToPort ?? 65535);
      if (!(from >= 0 && to <= 65535 && from <= to)) return void rep.syntax(...where, `${id} ${dir} rule ${n + 1}: ports ${String(p.FromPort)}-${String(p.ToPort)} are not a range`);
      ports = [from, to];
    }
    const addrs = [];
    for (const r of isArr(p.IpRanges) ? p.IpRanges : []) if (isObj(r)) addrs.push({ text: String(r.CidrIp ?? ''), at: at(r) });
    for (const r of isArr(p.Ipv6Ranges) ? p.Ipv6Ranges : []) if (isObj(r)) addrs.push({ text: String(r.CidrIpv6 ?? ''), at: at(r) });
    for (const r of [...(isArr(p.UserIdGroupPairs) ? p.UserIdGroupPairs : []), ...(isArr(p.PrefixListIds) ? p.PrefixListIds : [])])
      if (isObj(r))
        rep.warn('AUDIT_UNRESOLVED_REFERENCE', ...at(r), `${ref.label}: ${r.GroupId ? `security group ${String(r.GroupId)}` : `prefix list ${String(r.PrefixListId)}`} stands for addresses vbrwall cannot see; that part of the rule is left out`, 'name the addresses (CIDR) in the rule, or audit with the addresses the group stands for');
    const parsedAddrs = [];
    for (const a of addrs) {
      const x = parseAddr(a.text);
      if (!x) return void rep.syntax(...a.at, `'${a.text}' is not a CIDR block`);
      parsedAddrs.push(x);
    }
    if (!parsedAddrs.length) return;
    const side = sideOf(parsedAddrs);
    const remote = hook === 'input' ? { src: side } : { dst: side };
    b.add(hook, {
      ref,
      text: JSON.stringify(p).slice(0, 300),
      action: 'accept',
      ...remote,
      ...(all ? {} : { protocol: { names: [proto], negate: false } }),
      ...(ports ? { ports: [{ dport: [ports] }] } : {}),
    });
  }
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([4, 6], ['input', 'output'], 'implicit'), diagnostics: rep.diagnostics };
}
