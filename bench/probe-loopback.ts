/**
 * Probes per second on loopback with the default concurrency (64) and timeout.
 *   npx tsx bench/probe-loopback.ts [PROBES]
 * Opens 1000 TCP ports on 127.0.0.1 with the listener, then probes them round-robin (open), and
 * 1000 ports nothing listens on (refused); prints probes per second for each. Loopback only.
 */
import { startListener } from '../src/probe/listener.js';
import { nodeConnect } from '../src/probe/node-connector.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, runProbes } from '../src/probe/run.js';

const total = Number(process.argv[2] ?? 20000);
const BASE_OPEN = 41000;
const BASE_CLOSED = 43000;
const PORTS = 1000;

async function measure(label: string, base: number): Promise<void> {
  const targets = Array.from({ length: total }, (_, i) => ({ address: '127.0.0.1', protocol: 'tcp' as const, port: base + (i % PORTS) }));
  const t0 = performance.now();
  const r = await runProbes(targets, nodeConnect, { concurrency: DEFAULT_CONCURRENCY, timeoutMs: DEFAULT_TIMEOUT_MS });
  const s = (performance.now() - t0) / 1000;
  const counts = r.results.reduce<Record<string, number>>((c, x) => ((c[x.status] = (c[x.status] ?? 0) + 1), c), {});
  console.log(`${label}: ${total} probes in ${s.toFixed(2)} s = ${Math.round(total / s)} probes/s (concurrency ${DEFAULT_CONCURRENCY}) ${JSON.stringify(counts)}`);
}

const listener = await startListener({ tcp: Array.from({ length: PORTS }, (_, i) => BASE_OPEN + i), udp: [], bind: '127.0.0.1' });
if (listener.failed.length) console.log(`${listener.failed.length} ports could not be opened (in use)`);
try {
  await measure('open', BASE_OPEN);
  await measure('refused', BASE_CLOSED);
} finally {
  await listener.close();
}
