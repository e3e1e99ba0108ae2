/**
 * Aerleon: a YAML policy and its definitions, so that every Aerleon generator becomes available.
 * Files (one Aerleon base directory; host scope puts it under `<host>/`, so that `--all-hosts`
 * gives one directory per host and no token is defined twice):
 * - `policies/pol/vbrwall.yaml`: `filters:` of `header:` (`comment`, `targets`) and `terms:`
 *   (`name`, `comment`, `source-address`, `destination-address`, `protocol`, `destination-port`,
 *   `action: accept`), each filter ending in a deny term;
 * - `def/networks.yaml`: one network per address object (`values:` of `address:`/`fqdn:` with
 *   `comment:`); `def/services.yaml`: one service per port range (`port:`, `protocol:`).
 * Zone firewall: one filter per zone pair, with `paloalto` and `srx` targets
 * (`from-zone A to-zone B mixed`: stateful, zone-based; Aerleon's nftables generator has input and
 * output hooks only, and its juniper/cisco ACL generators are stateless). Host: an inbound filter
 * (`nftables: mixed INPUT` for Linux, `windows_advfirewall: in mixed` for Windows, both when the
 * OS is not given) and with --outbound an outbound one; the deny term is left out of
 * windows_advfirewall, where a block rule would override every allow rule.
 * A term holds one protocol unless tcp and udp use the same ports: Aerleon applies every port of a
 * term to every protocol of it. FQDN endpoints become `fqdn:` networks and `destination-fqdn` /
 * `source-fqdn` terms; none of the generators above accepts those keywords, so such a term is
 * excluded from them (`platform-exclude`) and reported as a warning.
 *
 * Format checked against aerleon/aerleon: docs/reference/yaml_reference.md ("Policy Files",
 * "YAML Policy File Spec", "Full Field Syntax Reference"), docs/getting_started.md ("Definition
 * Files"), aerleon/lib/naming.py (`_ParseYamlNetworks`: `address`, `fqdn`, `name`, `comment`;
 * `_ParseYamlServices`: `port`, `protocol`), aerleon/lib/policy_builder.py (BUILTIN_SPEC),
 * aerleon/lib/aclgenerator.py (`_FilteredTerms`, unsupported keywords), docs/user/generators/
 * {nftables,paloaltofw,junipersrx,windows_advfirewall}.md, aerleon/lib/{paloaltofw,junipersrx,
 * nftables}.py (header options, name lengths), policies/pol/sample_paloalto_yaml.pol.yaml.
 * @module
 */
import type { Protocol } from '../../catalog/types.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { formatCidr, mergeCidrs } from '../../net/ip.js';
import type { PortRange } from '../../net/ports.js';
import { hostCidrs, slug } from '../../policy/objects.js';
import type { Host } from '../../model/types.js';
import type { AddressObject, Policy, Rule } from '../../policy/types.js';
import { expressible } from '../_shared/capabilities.js';
import { familyParts, hasAddresses } from '../_shared/families.js';
import { leaveOut } from '../_shared/internal.js';
import { headerLines } from '../_shared/header.js';
import { sourceText } from '../_shared/text.js';
import { uniqueDiagnostics } from '../aws/_common.js';
import type { RenderOptions, RenderResult, Supports } from '../types.js';
import { aerleonText, termAllocator, tokenAllocator, wrap, zoneAllocator } from './quote.js';
import { yamlDocumentLines, type YamlValue } from './yaml-text.js';
import { Lines, linesFile } from '../_shared/chunks.js';

export const AERLEON_SUPPORTS: Supports = { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: true, outbound: true, any: true };

/** Aerleon generators that accept `destination-fqdn` / `source-fqdn`: none of those this target lists. */
const FQDN_TARGETS = new Set<string>();

export const POLICY_FILE = 'policies/pol/vbrwall.yaml';
export const NETWORKS_FILE = 'def/networks.yaml';
export const SERVICES_FILE = 'def/services.yaml';

const TERM_COMMENT_WIDTH = 100;
const HEADER_COMMENT_WIDTH = 70;

type Term = Record<string, string | string[]>;
type Filter = {
  header: { comment: string; targets: Record<string, string> };
  terms: Term[];
};
type Ref = { kind: 'any' } | { kind: 'address' | 'fqdn'; token: string };

const portText = ([a, b]: PortRange): string => (a === b ? String(a) : `${a}-${b}`);

/** Networks and services the terms refer to, named once. */
class Definitions {
  private readonly tokens = tokenAllocator();
  private readonly nets = new Map<string, { token: string; values: Record<string, string>[] }>();
  private readonly svcs = new Map<string, { token: string; range: PortRange; protocols: Set<Protocol> }>();
  private readonly hosts: Map<string, Host>;
  /** The address object of each single host, by host name. */
  private readonly own = new Map<string, AddressObject>();
  constructor(private readonly policy: Policy) {
    this.hosts = new Map(policy.deployment.hosts.map((h) => [h.name, h]));
    // The first object of a host, as a search of the id-sorted list would find it.
    for (const a of policy.addresses) if (a.hosts.length === 1 && !this.own.has(a.hosts[0]!)) this.own.set(a.hosts[0]!, a);
  }

  /**
   * For "any address" of the internet zone: the network of the internal zones' prefixes a term
   * must exclude (`source-exclude`, `destination-exclude`), none when there is nothing to leave out.
   */
  exclusion(o: AddressObject): string | undefined {
    if (!o.any) return undefined;
    const out = leaveOut(this.policy.deployment, o);
    const cidrs = [...out[4], ...out[6]];
    if (!cidrs.length) return undefined;
    return this.define(`exclude\u0000${o.id}`, `NOT_${o.id}`, () => cidrs.map((c) => ({ address: formatCidr(c), comment: 'internal zones: not part of the internet zone' })));
  }

  address(o: AddressObject): Ref {
    if (o.any) return { kind: 'any' };
    const fqdn = o.cidrs.length === 0;
    return { kind: fqdn ? 'fqdn' : 'address', token: this.define(o.id, o.id, () => this.values(o)) };
  }

  /** The token of the network `key` (named from `base`), defined on first use. */
  private define(key: string, base: string, values: () => Record<string, string>[]): string {
    let n = this.nets.get(key);
    if (!n) {
      n = { token: this.tokens.take(base), values: [] };
      this.nets.set(key, n);
      n.values = values();
    }
    return n.token;
  }

  private readonly members = new Map<string, { h: Host; addr: ReturnType<typeof hostCidrs> }>();
  /** A host of the deployment and its addresses, looked up once. */
  private member(name: string): { h: Host; addr: ReturnType<typeof hostCidrs> } {
    let m = this.members.get(name);
    if (!m) {
      const h = this.hosts.get(name)!;
      this.members.set(name, (m = { h, addr: hostCidrs(this.policy.deployment, h) }));
    }
    return m;
  }

  /** A group of hosts names its members (each a network of its own) when every member has addresses. */
  private values(o: AddressObject): Record<string, string>[] {
    const comment = wrap(o.label, 200)[0] ?? '';
    if (!o.cidrs.length) return o.fqdns.map((f) => ({ fqdn: f, comment }));
    const d = this.policy.deployment;
    const members = o.hosts.map((name) => this.member(name));
    if (o.hosts.length > 1 && members.every(({ addr }) => addr.cidrs.length && !addr.any))
      return members.map(({ h, addr }) => {
        const own = this.own.get(h.name);
        return {
          name: this.define(own?.id ?? `host\u0000${h.name}`, own?.id ?? slug(h.name), () => {
            const label = wrap(h.name, 200)[0] ?? '';
            return mergeCidrs(addr.cidrs).map((c) => ({ address: formatCidr(c), comment: label }));
          }),
        };
      });
    return o.cidrs.map((c) => ({ address: formatCidr(c), comment }));
  }

  service(protocol: Protocol, range: PortRange): string {
    const key = portText(range);
    let s = this.svcs.get(key);
    if (!s) this.svcs.set(key, (s = { token: this.tokens.take(`PORT_${key.replace('-', '_')}`), range, protocols: new Set() }));
    s.protocols.add(protocol);
    return s.token;
  }

  networks(): Record<string, { values: Record<string, string>[] }> {
    const out: Record<string, { values: Record<string, string>[] }> = {};
    for (const n of [...this.nets.values()].sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0))) out[n.token] = { values: n.values };
    return out;
  }

  services(): Record<string, { port: string; protocol: string }[]> {
    const out: Record<string, { port: string; protocol: string }[]> = {};
    for (const s of [...this.svcs.values()].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]))
      out[s.token] = [...s.protocols].sort().map((p) => ({ port: portText(s.range), protocol: p }));
    return out;
  }
}

/** Wrapped comment lines of a text, joined; purposes and sources repeat over many rules, so each is wrapped once. */
function wrapper(): (text: string) => string {
  const cache = new Map<string, string>();
  return (text) => {
    let lines = cache.get(text);
    if (lines === undefined) cache.set(text, (lines = wrap(text, TERM_COMMENT_WIDTH).join('\n')));
    return lines;
  };
}

/** `source: …` of a rule's sources, one string per list (so that the wrapped text is found by a cached hash). */
const SOURCE_LINES = new WeakMap<readonly { page: string; section: string }[], string>();
const sourceLine = (sources: readonly { page: string; section: string }[]): string => {
  let t = SOURCE_LINES.get(sources);
  if (t === undefined) SOURCE_LINES.set(sources, (t = `source: ${sourceText(sources)}`));
  return t;
};

function termComment(r: Rule, wrapped: (text: string) => string): string {
  let c = wrap(`${r.name}: ${r.source.label} -> ${r.destination.label}`, TERM_COMMENT_WIDTH).join('\n');
  // Lines joined as they come: a text that wraps to no line adds none.
  const add = (lines: string): void => {
    if (lines) c = c ? `${c}\n${lines}` : lines;
  };
  if (r.phase === 'deploy') add('deploy phase only: remove after installation or upgrade');
  if (r.failover) add('failover ports only');
  for (const p of r.purposes) add(wrapped(p));
  if (r.sources.length) add(wrapped(sourceLine(r.sources)));
  return c;
}

/** Services of a rule as protocol groups: tcp and udp share a term only when their ports are equal. */
function protocolGroups(r: Rule): { protocols: Protocol[]; ports: readonly PortRange[] }[] {
  const [a, b] = r.services;
  if (a && b && r.services.length === 2 && a.ports.map(portText).join() === b.ports.map(portText).join()) return [{ protocols: [a.protocol, b.protocol], ports: a.ports }];
  return r.services.map((s) => ({ protocols: [s.protocol], ports: s.ports }));
}

interface TermContext {
  defs: Definitions;
  wrapped: (text: string) => string;
  names: ReturnType<typeof termAllocator>;
  targets: string[];
  diagnostics: Diagnostic[];
  /** Host scope: leave out the host's own side, as a host firewall matches its own traffic. */
  omit?: 'source' | 'destination';
}

function ruleTerms(r: Rule, ctx: TermContext): Term[] {
  const fqdnOnly = !hasAddresses(r.source) || !hasAddresses(r.destination);
  // Ends that share no address family can match no packet (the policy reports it); DNS names have no family yet.
  if (!fqdnOnly && !familyParts(r, { omitDestination: ctx.omit === 'destination', omitSource: ctx.omit === 'source' }).length) return [];
  const src = ctx.omit === 'source' ? ({ kind: 'any' } as const) : ctx.defs.address(r.source);
  const dst = ctx.omit === 'destination' ? ({ kind: 'any' } as const) : ctx.defs.address(r.destination);
  // Any address of the internet zone leaves out the internal zones (_shared/internal.ts).
  const srcOut = ctx.omit === 'source' ? undefined : ctx.defs.exclusion(r.source);
  const dstOut = ctx.omit === 'destination' ? undefined : ctx.defs.exclusion(r.destination);
  const fqdn = src.kind === 'fqdn' || dst.kind === 'fqdn';
  const excluded = fqdn ? ctx.targets.filter((t) => !FQDN_TARGETS.has(t)) : [];
  if (excluded.length)
    ctx.diagnostics.push({
      code: 'RENDER_FQDN_UNSUPPORTED',
      severity: 'warning',
      message: `aerleon: rule ${r.name} (${r.source.label} → ${r.destination.label}) matches a DNS name; its term keeps it (destination-fqdn/source-fqdn) but is excluded from ${excluded.join(', ')}, whose Aerleon generators do not accept FQDNs`,
      hint: 'add an Aerleon target that supports FQDN terms, or give the endpoint an address or cidrs',
    });
  const groups = protocolGroups(r);
  const comment = termComment(r, ctx.wrapped);
  return groups.map((g) => {
    const t: Term = { name: ctx.names.take(groups.length > 1 ? `${r.name}-${g.protocols.join('-')}` : r.name), comment };
    if (src.kind !== 'any') t[src.kind === 'fqdn' ? 'source-fqdn' : 'source-address'] = [src.token];
    else if (srcOut) t['source-exclude'] = [srcOut];
    if (dst.kind !== 'any') t[dst.kind === 'fqdn' ? 'destination-fqdn' : 'destination-address'] = [dst.token];
    else if (dstOut) t['destination-exclude'] = [dstOut];
    t.protocol = [...g.protocols];
    t['destination-port'] = [...new Set(g.ports.flatMap((range) => g.protocols.map((p) => ctx.defs.service(p, range))))];
    if (excluded.length) t['platform-exclude'] = excluded;
    t.action = 'accept';
    return t;
  });
}

const headerComment = (lines: string[]): string => lines.flatMap((l) => wrap(l, HEADER_COMMENT_WIDTH)).join('\n');

function yamlFile(commentLines: string[], value: YamlValue): Lines {
  return yamlDocumentLines(
    commentLines.map((l) => ` ${aerleonText(l)}`),
    value,
  );
}

export function renderAerleon(policy: Policy, opts: RenderOptions): RenderResult {
  const ex = expressible(policy, AERLEON_SUPPORTS, 'aerleon');
  const diagnostics: Diagnostic[] = [...ex.diagnostics];
  const defs = new Definitions(policy);
  const wrapped = wrapper();
  const names = termAllocator();
  const filters: Filter[] = [];
  const d = policy.deployment;
  const notes: string[] = [];
  let dir = '';

  if (policy.scope === 'zone-firewall') {
    const zones = zoneAllocator();
    const zoneName = new Map(d.zones.map((z) => [z.name, zones.take(z.name)]));
    const pairs = new Map<string, Rule[]>();
    for (const r of ex.rules) {
      const k = `${r.fromZone}\u0000${r.toZone}`;
      const have = pairs.get(k);
      if (have) have.push(r);
      else pairs.set(k, [r]);
    }
    for (const rules of pairs.values()) {
      const { fromZone, toZone } = rules[0]!;
      const [fz, tz] = [zoneName.get(fromZone)!, zoneName.get(toZone)!];
      const targets = { paloalto: `from-zone ${fz} to-zone ${tz} mixed`, srx: `from-zone ${fz} to-zone ${tz} mixed` };
      const ctx: TermContext = { defs, wrapped, names, targets: Object.keys(targets), diagnostics };
      const terms = rules.flatMap((r) => ruleTerms(r, ctx));
      terms.push({ name: names.take(`deny-${fz}-to-${tz}`), comment: aerleonText(`default deny from zone ${fromZone} to zone ${toZone}`), action: 'deny' });
      filters.push({ header: { comment: headerComment([`vbrwall: zone ${fromZone} to zone ${toZone}, ${rules.length} rules`, `${d.name}`]), targets }, terms });
    }
    notes.push(
      'Zone firewall: one filter per zone pair for the zone-based, stateful generators paloalto and srx',
      '(from-zone/to-zone must name the zones configured on the firewall; fortigate takes the same options',
      'with interface names). Aerleon nftables has input/output hooks only: use vbrwall --target nftables.',
      `Traffic inside a zone is not filtered here (${policy.notCovered} plan flows).`,
    );
  } else {
    const host = d.hosts.find((h) => h.name === policy.host)!;
    dir = `${slug(host.name)}/`;
    const linux = host.os !== 'windows';
    const windows = host.os !== 'linux';
    const inTargets: Record<string, string> = { ...(linux ? { nftables: 'mixed INPUT' } : {}), ...(windows ? { windows_advfirewall: 'in mixed' } : {}) };
    const outTargets: Record<string, string> = { ...(linux ? { nftables: 'mixed OUTPUT' } : {}), ...(windows ? { windows_advfirewall: 'out mixed' } : {}) };
    const deny = (name: string, what: string): Term => ({
      name: names.take(name),
      comment: aerleonText(`default deny: ${what} traffic of ${host.name} no term above allows`),
      ...(windows ? { 'platform-exclude': ['windows_advfirewall'] } : {}),
      action: 'deny',
    });
    const inCtx: TermContext = { defs, wrapped, names, targets: Object.keys(inTargets), diagnostics, omit: 'destination' };
    filters.push({
      header: { comment: headerComment([`vbrwall: inbound rules of host ${host.name}`, d.name]), targets: inTargets },
      terms: [...ex.rules.flatMap((r) => ruleTerms(r, inCtx)), deny('default-deny-in', 'inbound')],
    });
    if (opts.outbound) {
      const outCtx: TermContext = { defs, wrapped, names, targets: Object.keys(outTargets), diagnostics, omit: 'source' };
      filters.push({
        header: { comment: headerComment([`vbrwall: outbound rules of host ${host.name}`, d.name]), targets: outTargets },
        terms: [...ex.outbound.flatMap((r) => ruleTerms(r, outCtx)), deny('default-deny-out', 'outbound')],
      });
    }
    notes.push(
      `Host ${host.name}: nftables for Linux, windows_advfirewall for Windows (both when the OS is not given).`,
      'Windows Firewall: set the profile default to block; a block rule there would override every allow rule,',
      'so the deny terms are excluded from windows_advfirewall.',
    );
  }

  const head = headerLines(policy, 'aerleon');
  const policyFile = yamlFile([...head, '', ...notes, `Definitions: ${NETWORKS_FILE}, ${SERVICES_FILE}; run aclgen in this directory.`], { filters });
  const networksFile = yamlFile([...head.slice(0, 1), 'Address objects of the policy: one network per host, group of hosts or DNS name.'], { networks: defs.networks() });
  const servicesFile = yamlFile([...head.slice(0, 1), 'Port ranges of the policy; each term names its protocol, so a service lists every protocol it is used with.'], { services: defs.services() });
  return {
    files: [
      linesFile(`${dir}${POLICY_FILE}`, policyFile),
      linesFile(`${dir}${NETWORKS_FILE}`, networksFile),
      linesFile(`${dir}${SERVICES_FILE}`, servicesFile),
    ],
    diagnostics: uniqueDiagnostics(diagnostics),
  };
}
