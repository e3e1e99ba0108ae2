/**
 * Display helpers: ports, flow labels, counts. Presentation only.
 * @module
 */
import type { PlanFlowJson, PortRange, SourceRef } from '../server/api-types.js';

export const formatRange = ([lo, hi]: PortRange): string => (lo === hi ? String(lo) : `${lo}-${hi}`);
export const formatPorts = (ports: readonly PortRange[]): string => ports.map(formatRange).join(', ');

/** `tcp 443, 6162`, `tcp/udp 111, 2049` when both protocols open the same ports. */
export function flowsLabel(flows: readonly Pick<PlanFlowJson, 'protocol' | 'ports'>[]): string {
  const byProto = new Map<string, string>();
  for (const f of flows) byProto.set(f.protocol, [byProto.get(f.protocol), formatPorts(f.ports)].filter(Boolean).join(', '));
  const byPorts = new Map<string, string[]>();
  for (const [proto, ports] of [...byProto].sort((a, b) => a[0].localeCompare(b[0]))) byPorts.set(ports, [...(byPorts.get(ports) ?? []), proto]);
  return [...byPorts].map(([ports, protos]) => `${protos.join('/')} ${ports}`).join(' · ');
}

export const truncate = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
export const sourceLabel = (s: SourceRef): string => `${s.page} § ${s.section}`;
export const flowKey = (f: Pick<PlanFlowJson, 'from' | 'to' | 'protocol'>): string => `${f.from}>${f.to}/${f.protocol}`;
