/**
 * Azure network security groups: `az network nsg show` / `az network nsg list` JSON, `az network
 * nsg rule list` arrays, or ARM resources (rules under `properties`). Rules run by priority (lowest
 * first), first match wins; the default rules (AllowVnetInBound 65000, AllowAzureLoadBalancerInBound
 * 65001, DenyAllInBound 65500 and their outbound counterparts) apply when the export leaves them
 * out. NSGs are stateful. Several NSGs in one file (a subnet's and a NIC's) must all allow.
 * Service tags are approximated from the deployment's zones (VirtualNetwork: every zone but the
 * internet; Internet: the rest) and reported.
 * Shape: Azure REST API "Network Security Groups", "SecurityRule"; Microsoft Learn "Network
 * security groups: how it works" and "Azure service tags overview".
 * @module
 */
import type { Result } from '../../../diag/diagnostic.js';
import { normalizePorts, type PortRange } from '../../../net/ports.js';
import { AclBuilder, offsetRef, type Acl, type AddrSide, type Hook, type RuleRef } from '../../acl.js';
import { addrComplement } from '../../space.js';
import { parseAddr, sideOf, sideUnion } from '../_addr.js';
import { isArr, isObj, type Json } from '../_json.js';
import { parsePortItem } from '../_ports.js';
import { openJsonExport } from '../_report.js';
import { resolveTag } from '../_tags.js';
import type { ParseContext } from '../types.js';

interface NsgRule {
  name: string;
  priority: number;
  direction: 'Inbound' | 'Outbound';
  access: 'Allow' | 'Deny';
  protocol: string;
  src: string[];
  dst: string[];
  sport: string[];
  dport: string[];
  asg: boolean;
  ref: RuleRef;
  at: [number, number];
  text: string;
}

const DEFAULTS: readonly Omit<NsgRule, 'ref' | 'at' | 'text' | 'asg'>[] = [
  { name: 'AllowVnetInBound', priority: 65000, direction: 'Inbound', access: 'Allow', protocol: '*', src: ['VirtualNetwork'], dst: ['VirtualNetwork'], sport: ['*'], dport: ['*'] },
  { name: 'AllowAzureLoadBalancerInBound', priority: 65001, direction: 'Inbound', access: 'Allow', protocol: '*', src: ['AzureLoadBalancer'], dst: ['*'], sport: ['*'], dport: ['*'] },
  { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', protocol: '*', src: ['*'], dst: ['*'], sport: ['*'], dport: ['*'] },
  { name: 'AllowVnetOutBound', priority: 65000, direction: 'Outbound', access: 'Allow', protocol: '*', src: ['VirtualNetwork'], dst: ['VirtualNetwork'], sport: ['*'], dport: ['*'] },
  { name: 'AllowInternetOutBound', priority: 65001, direction: 'Outbound', access: 'Allow', protocol: '*', src: ['*'], dst: ['Internet'], sport: ['*'], dport: ['*'] },
  { name: 'DenyAllOutBound', priority: 65500, direction: 'Outbound', access: 'Deny', protocol: '*', src: ['*'], dst: ['*'], sport: ['*'], dport: ['*'] },
];

export function parseAzureNsg(text: string, ctx: ParseContext): Result<Acl> {
  const opened = openJsonExport(text, ctx);
  if (!opened.ok) return opened;
  const { rep, root, at } = opened;
  // One NSG, a list of NSGs, or a list of rules.
  const nsgs: { name: string; rules: Json[]; defaults?: Json[] }[] = [];
  const asNsg = (o: { [k: string]: Json }): boolean => {
    const props = isObj(o.properties) ? o.properties : o;
    if (!isArr(props.securityRules) && !isArr(props.defaultSecurityRules)) return false;
    nsgs.push({ name: String(o.name ?? 'nsg'), rules: isArr(props.securityRules) ? props.securityRules : [], ...(isArr(props.defaultSecurityRules) ? { defaults: props.defaultSecurityRules } : {}) });
    return true;
  };
  if (isObj(root)) {
    if (!asNsg(root) && isArr(root.value)) for (const x of root.value) if (isObj(x)) asNsg(x);
  } else if (isArr(root)) {
    if (root.every((x) => isObj(x) && (isObj(x.properties) ? isArr(x.properties.securityRules) : isArr(x.securityRules)))) for (const x of root) asNsg(x as { [k: string]: Json });
    else nsgs.push({ name: 'nsg', rules: root });
  }
  if (!nsgs.length) {
    rep.error('AUDIT_SYNTAX', 0, 1, 'expected an NSG ({"securityRules": [...]}), a list of NSGs, or a list of rules', 'export with `az network nsg show -g GROUP -n NSG` (see `vbrwall export-script azure`)');
    return { ok: false, diagnostics: rep.diagnostics };
  }
  const b = new AclBuilder('azure', ctx.file);
  const approximated = new Set<string>();
  // Between zones, outbound rules filter only what leaves the virtual network's subnets and inbound
  // rules only what enters them; the rest passes on to the other direction's rules.
  const vnet = resolveTag('VirtualNetwork', ctx);
  nsgs.forEach((nsg, ni) => {
    const rules: NsgRule[] = [];
    for (const [list, isDefault] of [[nsg.rules, false], [nsg.defaults ?? [], true]] as const)
      for (const r of list) {
        if (!isObj(r)) continue;
        const x = readRule(r, at(r), isDefault);
        if (x) rules.push(x);
      }
    if (!nsg.defaults)
      for (const d of DEFAULTS) rules.push({ ...d, asg: false, at: [0, 0], text: `${d.name} (Azure default rule)`, ref: { file: ctx.file, line: 0, label: `${nsgs.length > 1 ? `${nsg.name} ` : ''}default rule ${d.name} (${d.priority})` } });
    rules.sort((a, c) => a.priority - c.priority);
    for (const dir of ['Inbound', 'Outbound'] as const) {
      const hooks: Hook[] = dir === 'Inbound' ? ['input', 'forward'] : ['output', 'forward'];
      for (const hook of hooks) {
        // A zone firewall of NSGs: traffic leaves one subnet (outbound rules) and enters another (inbound rules); both must allow.
        const name = `${nsg.name}#${ni}/${dir}/${hook}`;
        b.chain(name, `${nsg.name} ${dir.toLowerCase()}`, { base: { hook, priority: ni * 2 + (dir === 'Inbound' ? 1 : 0), policy: 'drop', policyRef: { file: ctx.file, line: 0, label: `end of ${nsg.name} ${dir.toLowerCase()} rules` } } });
        if (hook === 'forward' && vnet) {
          const outside = { 4: addrComplement(vnet.side[4] ?? [], 4), 6: addrComplement(vnet.side[6] ?? [], 6) };
          b.add(name, {
            ref: { file: ctx.file, line: 0, label: dir === 'Inbound' ? 'destination outside the virtual network (inbound rules do not apply)' : 'source outside the virtual network (outbound rules do not apply)' },
            text: `${dir} rules apply to the virtual network only`,
            action: 'accept',
            transparent: true,
            ...(dir === 'Inbound' ? { dst: outside } : { src: outside }),
          });
        }
        for (const r of rules.filter((x) => x.direction === dir)) {
          const src = side(r.src, r, 'source');
          const dst = side(r.dst, r, 'destination');
          const dport = ports(r.dport, r);
          const sport = ports(r.sport, r);
          if (src === false || dst === false || dport === false || sport === false) continue;
          const proto = r.protocol.toLowerCase();
          b.add(name, {
            ref: r.ref,
            text: r.text,
            name: r.name,
            action: r.access === 'Allow' ? 'accept' : 'drop',
            ...(proto === '*' || proto === 'any' ? {} : { protocol: { names: [proto], negate: false } }),
            ...(src ? { src } : {}),
            ...(dst ? { dst } : {}),
            ...(dport || sport ? { ports: [{ ...(dport ? { dport } : {}), ...(sport ? { sport } : {}) }] } : {}),
          });
        }
      }
    }
  });
  for (const t of approximated) rep.diagnostics.push({ code: 'AUDIT_APPROXIMATION', severity: 'warning', message: t, file: ctx.file });
  if (rep.failed) return { ok: false, diagnostics: rep.diagnostics };
  return { ok: true, value: b.build([4, 6], ['input', 'forward', 'output'], 'implicit'), diagnostics: rep.diagnostics };

  function readRule(o: { [k: string]: Json }, where: [number, number], isDefault: boolean): NsgRule | undefined {
    const p = isObj(o.properties) ? o.properties : o;
    const name = String(o.name ?? p.name ?? '?');
    const list = (one: string, many: string): string[] => {
      const xs = isArr(p[many]) ? (p[many] as Json[]).map(String) : [];
      if (xs.length) return xs;
      return p[one] === undefined || p[one] === null ? [] : [String(p[one])];
    };
    const direction = String(p.direction ?? '');
    const access = String(p.access ?? '');
    const priority = Number(p.priority);
    if (direction !== 'Inbound' && direction !== 'Outbound') return void rep.syntax(...where, `rule ${name}: direction '${direction}' is not Inbound or Outbound`);
    if (access !== 'Allow' && access !== 'Deny') return void rep.syntax(...where, `rule ${name}: access '${access}' is not Allow or Deny`);
    if (!Number.isFinite(priority)) return void rep.syntax(...where, `rule ${name} has no priority`);
    const asg = isArr(p.sourceApplicationSecurityGroups) && p.sourceApplicationSecurityGroups.length > 0 || (isArr(p.destinationApplicationSecurityGroups) && p.destinationApplicationSecurityGroups.length > 0);
    const ref = offsetRef(ctx.file, rep.starts, where[0], where[1], `${isDefault ? 'default ' : ''}rule ${name}, priority ${priority}`);
    const r: NsgRule = {
      name, priority, direction, access, asg, ref, at: where,
      protocol: String(p.protocol ?? '*'),
      src: list('sourceAddressPrefix', 'sourceAddressPrefixes'),
      dst: list('destinationAddressPrefix', 'destinationAddressPrefixes'),
      sport: list('sourcePortRange', 'sourcePortRanges'),
      dport: list('destinationPortRange', 'destinationPortRanges'),
      text: `${name} (priority ${priority}, ${direction}, ${access})`,
    };
    if (asg) rep.warn('AUDIT_UNRESOLVED_REFERENCE', ...where, `${ref.label}: application security groups stand for addresses vbrwall cannot see; the rule is taken to match none`, 'name address prefixes in the rule, or audit the NICs of the group');
    return r;
  }

  function side(items: string[], r: NsgRule, what: string): AddrSide | undefined | false {
    if (r.asg && !items.length) return { 4: [], 6: [] };
    if (!items.length || items.some((x) => x === '*' || x.toLowerCase() === 'any')) return undefined;
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
        approximated.add(`service tag ${x} is taken as ${t.meaning}`);
        sides.push(t.side);
      } else {
        rep.warn('AUDIT_UNRESOLVED_REFERENCE', ...r.at, `${r.ref.label}: ${what} '${x}' is a service tag vbrwall cannot resolve; it is taken to match no address`, 'use address prefixes, or audit with the addresses the tag stands for');
        sides.push({ 4: [], 6: [] });
      }
    }
    if (addrs.length) sides.push(sideOf(addrs));
    return sideUnion(sides);
  }

  function ports(items: string[], r: NsgRule): PortRange[] | undefined | false {
    if (!items.length || items.includes('*')) return undefined;
    const out: PortRange[] = [];
    for (const x of items) {
      const p = parsePortItem(x, '-');
      if (!p) {
        rep.syntax(...r.at, `${r.ref.label}: '${x}' is not a port or a range`);
        return false;
      }
      out.push(p);
    }
    return normalizePorts(out);
  }
}
