/**
 * The worker verify runs inside each test namespace (`ip netns exec NS node worker.js MAX_MS`):
 * it listens on the ports its host must accept and probes on request. One JSON object per line:
 * - in:  `{"op":"listen","tcp":[…],"udp":[…]}`  out: `{"op":"listening","listening":{…},"failed":[…]}`
 * - in:  `{"op":"probe","id":N,"targets":[{address,protocol,port}],"timeoutMs":…,"concurrency":…}`
 *   out: `{"op":"probed","id":N,"results":[{status,ms,detail?}]}` (in the order of the targets)
 * It exits when its stdin closes (the parent went away) or after MAX_MS, whichever comes first.
 * @module
 */
import { createInterface } from 'node:readline';
import type { Endpoint } from '../probe/connector.js';
import { startListener, type Listener } from '../probe/listener.js';
import { nodeConnect } from '../probe/node-connector.js';
import { runProbes } from '../probe/run.js';

type Message =
  | { op: 'listen'; tcp: number[]; udp: number[]; bind?: string }
  | { op: 'probe'; id: number; targets: Endpoint[]; timeoutMs: number; concurrency: number };

const maxMs = Number(process.argv[2] ?? 600000);
const send = (o: unknown): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};

let listener: Listener | undefined;
const stop = async (code: number): Promise<never> => {
  await listener?.close();
  process.exit(code);
};
setTimeout(() => void stop(4), Number.isFinite(maxMs) && maxMs > 0 ? maxMs : 600000);

const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  let m: Message;
  try {
    m = JSON.parse(line) as Message;
  } catch {
    send({ op: 'error', message: `not JSON: ${line.slice(0, 80)}` });
    return;
  }
  if (m.op === 'listen') {
    void startListener({ tcp: m.tcp, udp: m.udp, ...(m.bind ? { bind: m.bind } : {}), reply: 'vbrwall verify\n' }).then(
      (l) => {
        listener = l;
        send({ op: 'listening', bind: l.bind, listening: l.listening, failed: l.failed });
      },
      (e: Error) => send({ op: 'error', message: e.message }),
    );
  } else if (m.op === 'probe') {
    void runProbes(m.targets, nodeConnect, { timeoutMs: m.timeoutMs, concurrency: m.concurrency }).then((r) =>
      send({ op: 'probed', id: m.id, results: r.results.map((x) => ({ status: x.status, ms: x.ms, ...(x.detail ? { detail: x.detail } : {}) })) }),
    );
  }
});
rl.on('close', () => void stop(0));
