/**
 * The probe's connector on Node sockets.
 * - TCP: `connect()` with a timer. A connection is `open`; ECONNREFUSED (a reset) is `refused`;
 *   a timeout, or an ICMP error such as host or network unreachable, is `filtered`.
 * - UDP: a connected datagram socket sends a short datagram (again at half the timeout, in case
 *   the first was lost). Any answer is `open`; an ICMP port unreachable, which Linux reports to a
 *   connected socket as ECONNREFUSED, is `refused`; silence is `filtered`, which for UDP means
 *   "open or filtered": most real services ignore a datagram they do not understand, so only a
 *   `vbrwall listen` on the other side (it answers every datagram) makes `open` certain.
 * @module
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { Connect, ConnectOptions, ConnectResult, Endpoint } from './connector.js';

/** What the probe sends over UDP; `vbrwall listen` answers any datagram. */
export const UDP_PAYLOAD = Buffer.from('vbrwall probe\n');

/** Errors that mean the packet did not get through (an ICMP error from a router, or no route). */
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'ENETDOWN', 'EPERM', 'EACCES', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

type Done = (r: Omit<ConnectResult, 'ms'>) => void;

function settle(opts: ConnectOptions, start: (done: Done) => () => void): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let finished = false;
    let stop: () => void = () => {};
    const done = (r: Omit<ConnectResult, 'ms'>): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      stop();
      resolve({ ...r, ms: Math.round(performance.now() - t0) });
    };
    const onAbort = (): void => done({ status: 'filtered', detail: 'aborted' });
    const timer = setTimeout(() => done({ status: 'filtered', detail: 'timeout' }), opts.timeoutMs);
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    stop = start(done);
    if (finished) stop();
  });
}

function connectTcp(to: Endpoint, opts: ConnectOptions): Promise<ConnectResult> {
  return settle(opts, (done) => {
    const s = net.connect({ host: to.address, port: to.port });
    s.once('connect', () => done({ status: 'open' }));
    s.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') done({ status: 'refused', detail: e.code });
      else done({ status: 'filtered', detail: e.code ?? e.message });
    });
    return () => s.destroy();
  });
}

function connectUdp(to: Endpoint, opts: ConnectOptions): Promise<ConnectResult> {
  return settle(opts, (done) => {
    const s = dgram.createSocket(net.isIPv6(to.address) ? 'udp6' : 'udp4');
    let again: NodeJS.Timeout | undefined;
    const send = (): void => s.send(UDP_PAYLOAD, (e) => e && fail(e));
    const fail = (e: NodeJS.ErrnoException): void => {
      if (e.code === 'ECONNREFUSED') done({ status: 'refused', detail: 'ICMP port unreachable' });
      else done({ status: 'filtered', detail: UNREACHABLE.has(e.code ?? '') ? e.code : e.code ?? e.message });
    };
    s.on('error', fail);
    s.once('message', () => done({ status: 'open' }));
    s.connect(to.port, to.address, () => {
      send();
      again = setTimeout(send, Math.max(1, Math.floor(opts.timeoutMs / 2)));
    });
    return () => {
      clearTimeout(again);
      try {
        s.close();
      } catch {
        // already closed
      }
    };
  });
}

export const nodeConnect: Connect = (to, opts) => (to.protocol === 'udp' ? connectUdp(to, opts) : connectTcp(to, opts));
