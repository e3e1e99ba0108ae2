/**
 * The port of the probe: one connection attempt to one address, protocol and port. The probe
 * logic (targets, concurrency, reports) depends on this type only; `node-connector.ts` implements
 * it with Node sockets, and tests inject a fake.
 * @module
 */
import type { Protocol } from '../catalog/types.js';

/**
 * - `open`: TCP connected; UDP: an answer came back.
 * - `refused`: reachable, nothing listening (TCP reset, or ICMP port unreachable for UDP).
 * - `filtered`: no answer before the timeout (for UDP this is really "open|filtered": a service
 *   that does not answer an unknown datagram looks the same as a dropped one).
 */
export type ProbeStatus = 'open' | 'refused' | 'filtered';

export const PROBE_STATUSES: readonly ProbeStatus[] = ['open', 'refused', 'filtered'];

export interface Endpoint {
  address: string;
  protocol: Protocol;
  port: number;
}

export interface ConnectOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ConnectResult {
  status: ProbeStatus;
  /** Milliseconds until the answer (or the timeout). */
  ms: number;
  /** The error behind a `filtered` or `refused` result, e.g. `EHOSTUNREACH`. */
  detail?: string;
}

export type Connect = (to: Endpoint, opts: ConnectOptions) => Promise<ConnectResult>;
