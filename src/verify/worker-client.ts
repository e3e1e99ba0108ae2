/**
 * The parent's side of a namespace worker (`worker.ts`): spawn it inside a namespace, send it
 * requests, wait for its answers (each with a time limit and the run's abort signal), stop it.
 * @module
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker, dist/verify/worker.js: beside this module in dist/verify/, one folder over
 * from the command line's bundle (dist/cli-bundle/), or in dist/ when running from src/.
 */
export function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return join(dirname(here), '..', '..', 'dist', 'verify', 'worker.js');
  return basename(dirname(here)) === 'verify' ? join(dirname(here), 'worker.js') : join(dirname(here), '..', 'verify', 'worker.js');
}

export const workerAvailable = (): boolean => existsSync(workerPath());

interface Pending {
  resolve: (v: Record<string, unknown>) => void;
  reject: (e: Error) => void;
}

export class NsWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<string, Pending>();
  private stderr = '';
  private exited: Promise<void>;
  private failed: Error | undefined;
  private nextId = 1;

  constructor(readonly ns: string, maxMs: number) {
    this.child = spawn('ip', ['netns', 'exec', ns, process.execPath, workerPath(), String(maxMs)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdin.on('error', () => {});
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (this.stderr.length < 8000) this.stderr += d;
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (m.op === 'error') return this.fail(new Error(`worker in ${ns}: ${String(m.message)}`));
      const key = m.op === 'probed' ? `probed:${String(m.id)}` : String(m.op);
      const p = this.pending.get(key);
      if (p) {
        this.pending.delete(key);
        p.resolve(m);
      }
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (e) => {
        this.fail(e);
        resolve();
      });
      this.child.on('exit', (code, sig) => {
        this.fail(new Error(`worker in ${ns} stopped (${sig ?? `exit status ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
        resolve();
      });
    });
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private request(msg: Record<string, unknown>, key: string, timeoutMs: number, signal?: AbortSignal): Promise<Record<string, unknown>> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(key);
        reject(new Error(`worker in ${this.ns} did not answer '${String(msg.op)}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAbort = (): void => {
        this.pending.delete(key);
        clearTimeout(timer);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('interrupted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(key, {
        resolve: (v) => (done(), resolve(v)),
        reject: (e) => (done(), reject(e)),
      });
      this.child.stdin.write(`${JSON.stringify(msg)}\n`);
    });
  }

  listen(tcp: number[], udp: number[], timeoutMs: number, signal?: AbortSignal): Promise<{ listening: { tcp: number[]; udp: number[] }; failed: { protocol: string; port: number; message: string }[] }> {
    return this.request({ op: 'listen', tcp, udp }, 'listening', timeoutMs, signal) as never;
  }

  probe(targets: { address: string; protocol: string; port: number }[], opts: { timeoutMs: number; concurrency: number }, signal?: AbortSignal): Promise<{ status: 'open' | 'refused' | 'filtered'; ms: number; detail?: string }[]> {
    const id = this.nextId++;
    // Bounded: every round of `concurrency` probes takes at most the timeout, plus start-up slack.
    const limit = Math.ceil(targets.length / Math.max(1, opts.concurrency)) * opts.timeoutMs + 30000;
    return this.request({ op: 'probe', id, targets, ...opts }, `probed:${id}`, limit, signal).then((m) => m.results as never);
  }

  /** Closes stdin (the worker exits) and waits; kills it when it does not stop in time. */
  async stop(): Promise<void> {
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await this.exited;
    clearTimeout(t);
  }
}
