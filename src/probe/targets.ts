/**
 * What to try: for a source host, every (address, protocol, port) its flows need, and for a
 * destination host, every port it must accept.
 * - Port ranges are sampled (both ends and the middle) unless `full` is set.
 * - Hosts: every address; groups: `sample` addresses spread over the group's prefixes;
 *   fqdn hosts: the addresses DNS gives now; zone hosts (any address of a zone): skipped, with a note.
 * @module
 */
import type { Protocol } from '../catalog/types.js';
import type { DiagCode } from '../diag/codes.js';
import type { Host } from '../model/types.js';
import { cidrLast, formatIp, type Cidr } from '../net/ip.js';
import { normalizePorts, portsContain, type PortSet } from '../net/ports.js';
import type { Flow, Plan } from '../plan/types.js';
import type { Endpoint } from './connector.js';

/** One probe of a required flow, with what the plan says about the port. */
export interface ProbeSpec extends Endpoint {
  /** Destination host name. */
  to: string;
  /** The plan flow (`from>to/protocol`). */
  flow: string;
  /** Every reason for the port says it listens only while a job runs. */
  jobOnly: boolean;
  /** The port may move (vPower NFS takes the next free port). */
  dynamic: boolean;
  /** A failover port (2500-3300 behind 6162). */
  failover: boolean;
  deployOnly: boolean;
}

export interface Skipped {
  code: DiagCode;
  to: string;
  flow?: string;
  reason: string;
}

export interface TargetOptions {
  /** Every port of every range (default: ends and middle). */
  full?: boolean;
  /** Addresses per group (default 1). */
  sample?: number;
  /** Resolves an fqdn host; the default resolver is the caller's business (probe passes DNS). */
  resolve?: (fqdn: string) => Promise<string[]>;
}

/** Ports to try in a port set: every port with `full`, else each range's ends and middle. */
export function samplePorts(set: PortSet, full = false): number[] {
  const out = new Set<number>();
  for (const [lo, hi] of normalizePorts(set)) {
    if (full) for (let p = lo; p <= hi; p++) out.add(p);
    else for (const p of [lo, Math.floor((lo + hi) / 2), hi]) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

/** Usable addresses of a prefix: without the network and broadcast addresses when it has room. */
function usable(c: Cidr): [bigint, bigint] {
  const last = cidrLast(c);
  const bits = c.family === 4 ? 32 : 128;
  if (c.prefix >= bits - 1) return [c.base, last];
  return c.family === 4 ? [c.base + 1n, last - 1n] : [c.base + 1n, last];
}

/** `n` addresses spread evenly over a group's prefixes (first usable, last usable, between). */
export function sampleAddresses(cidrs: readonly Cidr[], n: number): string[] {
  const spans = cidrs.map((c) => ({ family: c.family, range: usable(c) }));
  const total = spans.reduce((s, x) => s + (x.range[1] - x.range[0] + 1n), 0n);
  if (total === 0n || n < 1) return [];
  const count = BigInt(n) >= total ? total : BigInt(n);
  const picks: bigint[] = [];
  for (let i = 0n; i < count; i++) picks.push(count === 1n ? 0n : (i * (total - 1n)) / (count - 1n));
  const out: string[] = [];
  for (const idx of picks) {
    let k = idx;
    for (const s of spans) {
      const size = s.range[1] - s.range[0] + 1n;
      if (k < size) {
        out.push(formatIp(s.family, s.range[0] + k));
        break;
      }
      k -= size;
    }
  }
  return [...new Set(out)];
}

/** What the plan says about one port of a flow. */
export function portNotes(flow: Flow, port: number): Pick<ProbeSpec, 'jobOnly' | 'dynamic' | 'failover' | 'deployOnly'> {
  const reasons = flow.reasons.filter((r) => portsContain(r.ports, port));
  return {
    jobOnly: reasons.length > 0 && reasons.every((r) => r.jobOnly),
    dynamic: reasons.some((r) => r.dynamic),
    failover: portsContain(flow.failover, port),
    deployOnly: portsContain(flow.deployOnly, port),
  };
}

/** Addresses to probe for a destination host, or why there are none. */
export async function hostAddresses(h: Host, opts: TargetOptions): Promise<{ ok: true; addresses: string[] } | { ok: false; code: DiagCode; reason: string }> {
  if (h.kind === 'host') return { ok: true, addresses: h.addresses.map((c) => formatIp(c.family, c.base)) };
  if (h.kind === 'group') return { ok: true, addresses: sampleAddresses(h.addresses, opts.sample ?? 1) };
  if (h.kind === 'zone') return { ok: false, code: 'PROBE_ZONE_SKIPPED', reason: `'${h.name}' stands for any address of zone '${h.zone}': there is no address to probe` };
  if (!h.fqdn || !opts.resolve) return { ok: false, code: 'PROBE_UNRESOLVED', reason: `'${h.name}' has no address and DNS names are not resolved here` };
  try {
    const a = [...new Set(await opts.resolve(h.fqdn))].sort();
    if (!a.length) return { ok: false, code: 'PROBE_UNRESOLVED', reason: `${h.fqdn} ('${h.name}') has no address in DNS` };
    return { ok: true, addresses: a };
  } catch (e) {
    return { ok: false, code: 'PROBE_UNRESOLVED', reason: `${h.fqdn} ('${h.name}') did not resolve: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Every probe of every flow that starts at `from`, in plan order. */
export async function probeTargets(plan: Plan, from: string, opts: TargetOptions = {}): Promise<{ targets: ProbeSpec[]; skipped: Skipped[] }> {
  const targets: ProbeSpec[] = [];
  const skipped: Skipped[] = [];
  const byName = new Map(plan.deployment.hosts.map((h) => [h.name, h]));
  const resolved = new Map<string, Awaited<ReturnType<typeof hostAddresses>>>();
  for (const f of plan.flows.filter((x) => x.from === from)) {
    const h = byName.get(f.to)!;
    let r = resolved.get(h.name);
    if (!r) resolved.set(h.name, (r = await hostAddresses(h, opts)));
    if (!r.ok) {
      skipped.push({ code: r.code, to: f.to, flow: f.id, reason: r.reason });
      continue;
    }
    const ports = samplePorts(f.ports, opts.full);
    for (const address of r.addresses)
      for (const port of ports) targets.push({ to: f.to, flow: f.id, address, protocol: f.protocol, port, ...portNotes(f, port) });
  }
  return { targets, skipped };
}

export interface InboundPorts {
  /** Ports to open, per protocol. */
  tcp: number[];
  udp: number[];
  /** The plan's port sets, for the message. */
  ranges: Record<Protocol, PortSet>;
}

/** Ports a host must accept (ranges in full unless `sample`). */
export function inboundPorts(plan: Plan, host: string, opts: { sample?: boolean } = {}): InboundPorts {
  const ranges: Record<Protocol, PortSet> = { tcp: [], udp: [] };
  // Sampled per flow, as the probe samples, so that every port a probe tries is open.
  const picked: Record<Protocol, Set<number>> = { tcp: new Set(), udp: new Set() };
  for (const f of plan.flows) {
    if (f.to !== host) continue;
    ranges[f.protocol] = normalizePorts([...ranges[f.protocol], ...f.ports]);
    for (const p of samplePorts(f.ports, !opts.sample)) picked[f.protocol].add(p);
  }
  const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);
  return { tcp: sorted(picked.tcp), udp: sorted(picked.udp), ranges };
}
