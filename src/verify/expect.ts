/**
 * What verify tries and what it expects.
 * - Required: every cross-zone flow of the plan, from the source's namespace to each address of
 *   the destination's namespace (ranges sampled: ends and middle), must get through (`open`).
 * - Excess: between every pair of hosts in different zones, a set of common ports (remote access,
 *   Windows administration, Veeam services) must not get through, unless the plan needs that
 *   very connection. Expectation is decided by address, as a packet filter decides: a stand-in
 *   address of a zone host is covered by the zone's rules, any address by an internet host's.
 * @module
 */
import type { Protocol } from '../catalog/types.js';
import type { Deployment, Host } from '../model/types.js';
import { cidrContains, hostCidr, parseIp, type Cidr, type Family } from '../net/ip.js';
import { portsContain } from '../net/ports.js';
import { hostCidrs } from '../policy/objects.js';
import type { Flow, Plan } from '../plan/types.js';
import { portNotes, samplePorts } from '../probe/targets.js';
import type { TestHost } from './layout.js';

/** Ports an attacker or a careless any/any rule would open, probed between every pair of zones. */
export const COMMON_PORTS: readonly { port: number; service: string }[] = [
  { port: 22, service: 'SSH' },
  { port: 135, service: 'RPC' },
  { port: 445, service: 'SMB' },
  { port: 2500, service: 'Veeam data channels' },
  { port: 3389, service: 'RDP' },
  { port: 5985, service: 'WinRM' },
  { port: 5986, service: 'WinRM HTTPS' },
  { port: 6160, service: 'Veeam Installer' },
  { port: 6162, service: 'Veeam Data Mover' },
  { port: 9392, service: 'Veeam Backup Service' },
  { port: 9419, service: 'Veeam REST API' },
  { port: 10005, service: 'Veeam Agent for Windows' },
  { port: 10006, service: 'Veeam Agent for Linux/Mac' },
];

export interface Check {
  kind: 'required' | 'excess';
  from: string;
  to: string;
  /** Source address (the source namespace's address of the family). */
  source: string;
  address: string;
  protocol: Protocol;
  port: number;
  /** Required checks: the flow; excess checks: the service name of the port. */
  flow?: string;
  service?: string;
  jobOnly?: boolean;
  failover?: boolean;
}

export interface SkippedFlow {
  flow: string;
  reason: string;
}

const addrOf = (th: TestHost, f: Family): string | undefined => th.addresses.find((a) => a.family === f)?.address;

/** Addresses a plan host stands for, as the zone firewall matches them. */
function flowAddresses(d: Deployment, h: Host): Cidr[] {
  return hostCidrs(d, h).cidrs;
}

/** Decides, as the zone firewall should, whether a connection is needed by a cross-zone flow. */
export function makeOracle(plan: Plan): (source: string, address: string, protocol: Protocol, port: number) => boolean {
  const d = plan.deployment;
  const byName = new Map(d.hosts.map((h) => [h.name, h]));
  const flows = plan.flows
    .filter((f) => f.fromZone !== f.toZone)
    .map((f) => ({ f, from: flowAddresses(d, byName.get(f.from)!), to: flowAddresses(d, byName.get(f.to)!) }));
  const within = (set: Cidr[], text: string): boolean => {
    const ip = parseIp(text);
    return !!ip && set.some((c) => cidrContains(c, hostCidr(ip)));
  };
  return (source, address, protocol, port) =>
    flows.some((x) => x.f.protocol === protocol && portsContain(x.f.ports, port) && within(x.from, source) && within(x.to, address));
}

/** Cross-zone flows and the probes that prove them; flows that cannot be tried, with the reason. */
export function requiredChecks(plan: Plan, hosts: readonly TestHost[], opts: { full?: boolean; skip?: ReadonlyMap<string, string> } = {}): { checks: Check[]; skipped: SkippedFlow[] } {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const kinds = new Map(plan.deployment.hosts.map((h) => [h.name, h]));
  const checks: Check[] = [];
  const skipped: SkippedFlow[] = [];
  for (const f of plan.flows) {
    if (f.fromZone === f.toZone) continue;
    const why = opts.skip?.get(f.id) ?? fqdnReason(f, kinds);
    if (why) {
      skipped.push({ flow: f.id, reason: why });
      continue;
    }
    const src = byName.get(f.from);
    const dst = byName.get(f.to);
    if (!src || !dst) {
      skipped.push({ flow: f.id, reason: `no test address for ${!src ? f.from : f.to}` });
      continue;
    }
    const fams = ([4, 6] as const).filter((fam) => addrOf(src, fam) && addrOf(dst, fam));
    if (!fams.length) {
      skipped.push({ flow: f.id, reason: `${f.from} and ${f.to} have no address family in common` });
      continue;
    }
    for (const fam of fams)
      for (const port of samplePorts(f.ports, opts.full)) {
        const n = portNotes(f, port);
        checks.push({ kind: 'required', from: f.from, to: f.to, source: addrOf(src, fam)!, address: addrOf(dst, fam)!, protocol: f.protocol, port, flow: f.id, ...(n.jobOnly ? { jobOnly: true } : {}), ...(n.failover ? { failover: true } : {}) });
      }
  }
  return { checks, skipped };
}

function fqdnReason(f: Flow, kinds: ReadonlyMap<string, Host>): string | undefined {
  const h = [kinds.get(f.from), kinds.get(f.to)].find((x) => x?.kind === 'fqdn');
  return h ? `'${h.name}' is a DNS name (${h.fqdn}): a packet filter matches addresses, and verify cannot know what the name resolves to` : undefined;
}

/** Common ports between every pair of hosts in different zones that the plan does not need. */
export function excessChecks(plan: Plan, hosts: readonly TestHost[], ports: readonly { port: number; service: string }[] = COMMON_PORTS): Check[] {
  const need = makeOracle(plan);
  const out: Check[] = [];
  for (const s of hosts)
    for (const t of hosts) {
      if (s === t || s.zone === t.zone) continue;
      for (const fam of [4, 6] as const) {
        const a = addrOf(s, fam);
        const b = addrOf(t, fam);
        if (!a || !b) continue;
        for (const p of ports) if (!need(a, b, 'tcp', p.port)) out.push({ kind: 'excess', from: s.name, to: t.name, source: a, address: b, protocol: 'tcp', port: p.port, service: p.service });
      }
    }
  return out;
}

/** Ports each namespace must listen on so that `open` means "the firewall let it through". */
export function listenPlan(checks: readonly Check[]): Map<string, { tcp: number[]; udp: number[] }> {
  const m = new Map<string, { tcp: Set<number>; udp: Set<number> }>();
  for (const c of checks) {
    let e = m.get(c.to);
    if (!e) m.set(c.to, (e = { tcp: new Set(), udp: new Set() }));
    e[c.protocol].add(c.port);
  }
  const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
  return new Map([...m].map(([k, v]) => [k, { tcp: sorted(v.tcp), udp: sorted(v.udp) }]));
}
