/**
 * Port lists for the multiport match: at most 15 ports, a range counting as two
 * (iptables-extensions(8) "multiport": "Up to 15 ports can be specified. A port range
 * (port:port) counts as two ports"). ufw emits multiport and enforces the same limit
 * (ufw/common.py `set_port`: commas + colons <= 14), so the ufw target uses this too.
 * @module
 */
import type { PortRange } from '../../net/ports.js';

export const MULTIPORT_MAX = 15;

/** Slots a port range takes in a multiport list. */
export const portWeight = ([a, b]: PortRange): number => (a === b ? 1 : 2);

/** Splits sorted ports into lists of at most `max` slots, in order. */
export function chunkPorts(ports: readonly PortRange[], max = MULTIPORT_MAX): PortRange[][] {
  const out: PortRange[][] = [];
  let cur: PortRange[] = [];
  let used = 0;
  for (const p of ports) {
    const w = portWeight(p);
    if (cur.length && used + w > max) {
      out.push(cur);
      cur = [];
      used = 0;
    }
    cur.push(p);
    used += w;
  }
  if (cur.length) out.push(cur);
  return out;
}
