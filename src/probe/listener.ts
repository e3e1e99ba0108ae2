/**
 * `listen`: opens TCP ports and answers UDP datagrams so that a probe from the other side can
 * tell `open` from `filtered` before the real services exist. A port that cannot be opened
 * (already taken, or below 1024 without the right) is reported and skipped; the others go on.
 * @module
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { Protocol } from '../catalog/types.js';

export interface ListenOptions {
  tcp: readonly number[];
  udp: readonly number[];
  /** Address to bind; default: every address (`::` dual stack, or `0.0.0.0` without IPv6). */
  bind?: string;
  /** Answer to every UDP datagram. */
  reply?: string;
  /** A first contact from an address on a port (each pair once). */
  onContact?: (c: { protocol: Protocol; port: number; from: string }) => void;
}

export interface ListenFailure {
  protocol: Protocol;
  port: number;
  code: string;
  message: string;
}

export interface Listener {
  /** The address bound. */
  bind: string;
  listening: Record<Protocol, number[]>;
  failed: ListenFailure[];
  /** Connections and datagrams received. */
  contacts: () => number;
  close: () => Promise<void>;
}

/** Opened in batches so that a range of thousands of ports does not open them all at once. */
const BATCH = 256;

function explain(protocol: Protocol, port: number, e: NodeJS.ErrnoException): ListenFailure {
  const code = e.code ?? 'ERROR';
  const message =
    code === 'EADDRINUSE'
      ? `${protocol}/${port} is already in use on this machine (another program listens on it): skipped`
      : code === 'EACCES'
        ? `${protocol}/${port}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE): skipped`
        : code === 'EMFILE' || code === 'ENFILE'
          ? `${protocol}/${port}: too many open files (raise \`ulimit -n\`, or use --sample): skipped`
          : `${protocol}/${port}: ${code} ${e.message}: skipped`;
  return { protocol, port, code, message };
}

type Closer = () => Promise<void>;

function openTcp(host: string, port: number, onHit: (from: string) => void): Promise<Closer> {
  return new Promise((resolve, reject) => {
    const open = new Set<net.Socket>();
    const server = net.createServer((s) => {
      onHit(s.remoteAddress ?? '?');
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {});
      // Accepting is the answer; close at once, and for good if the other side keeps it open.
      s.setTimeout(2000, () => s.destroy());
      s.end();
    });
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: false, exclusive: true, backlog: 511 }, () => {
      server.off('error', reject);
      server.on('error', () => {});
      resolve(
        () =>
          new Promise((r) => {
            server.close(() => r());
            for (const s of open) s.destroy();
          }),
      );
    });
  });
}

function openUdp(host: string, port: number, reply: Buffer, onHit: (from: string) => void): Promise<Closer> {
  return new Promise((resolve, reject) => {
    const s = net.isIPv6(host) ? dgram.createSocket({ type: 'udp6', ipv6Only: false }) : dgram.createSocket('udp4');
    s.once('error', reject);
    s.on('message', (_m, rinfo) => {
      onHit(rinfo.address);
      s.send(reply, rinfo.port, rinfo.address, () => {});
    });
    s.bind({ port, address: host, exclusive: true }, () => {
      s.off('error', reject);
      s.on('error', () => {});
      resolve(() => new Promise((r) => s.close(() => r())));
    });
  });
}

/** The address to bind when none is given: `::` when the machine has IPv6, else `0.0.0.0`. */
async function defaultBind(): Promise<string> {
  try {
    const close = await openTcp('::', 0, () => {});
    await close();
    return '::';
  } catch {
    return '0.0.0.0';
  }
}

export async function startListener(opts: ListenOptions): Promise<Listener> {
  const bind = opts.bind ?? (await defaultBind());
  const reply = Buffer.from(opts.reply ?? 'vbrwall listen\n');
  const closers: Closer[] = [];
  const listening: Record<Protocol, number[]> = { tcp: [], udp: [] };
  const failed: ListenFailure[] = [];
  let contacts = 0;
  const seen = new Set<string>();
  const hit = (protocol: Protocol, port: number) => (from: string): void => {
    contacts++;
    const key = `${protocol}/${port}/${from}`;
    if (opts.onContact && seen.size < 10000 && !seen.has(key)) {
      seen.add(key);
      opts.onContact({ protocol, port, from: from.replace(/^::ffff:/, '') });
    }
  };
  const jobs: { protocol: Protocol; port: number }[] = [
    ...[...new Set(opts.tcp)].sort((a, b) => a - b).map((port) => ({ protocol: 'tcp' as const, port })),
    ...[...new Set(opts.udp)].sort((a, b) => a - b).map((port) => ({ protocol: 'udp' as const, port })),
  ];
  for (let i = 0; i < jobs.length; i += BATCH) {
    const batch = jobs.slice(i, i + BATCH);
    const outcomes = await Promise.allSettled(batch.map((j) => (j.protocol === 'tcp' ? openTcp(bind, j.port, hit('tcp', j.port)) : openUdp(bind, j.port, reply, hit('udp', j.port)))));
    outcomes.forEach((o, k) => {
      const j = batch[k]!;
      if (o.status === 'fulfilled') {
        closers.push(o.value);
        listening[j.protocol].push(j.port);
      } else failed.push(explain(j.protocol, j.port, o.reason as NodeJS.ErrnoException));
    });
  }
  let closed: Promise<void> | undefined;
  return {
    bind,
    listening,
    failed,
    contacts: () => contacts,
    close: () => (closed ??= Promise.all(closers.map((c) => c())).then(() => undefined)),
  };
}
