/**
 * `render --target all`: every target of a scope, written to DIR/<target>/. On a large deployment
 * the targets are shared between this thread and one worker thread (the machines have two
 * cores): both build the policy from the same text, then take the next target from a shared
 * counter until none is left, so the faster thread simply renders more of them.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadDeployment } from '../../model/load.js';
import { buildPlan } from '../../plan/plan.js';
import type { PlanOptions } from '../../plan/types.js';
import type { Policy } from '../../policy/types.js';
import { renderers } from '../../render/registry.js';
import { policyFor, renderPolicy, type RenderRequest } from '../../render/render.js';
import { safeJoin, writeFileAtomic } from '../common.js';

/** Deployments from this size of text up get a second thread (below it, starting one costs more than it saves). */
export const THREAD_MIN_TEXT = 32 * 1024;

export interface TargetDone {
  index: number;
  id: string;
  /** Rules the target could not express. */
  errors: number;
}

interface Job {
  text: string;
  file: string;
  planOptions: PlanOptions;
  req: RenderRequest;
  dir: string;
  ids: string[];
  next: SharedArrayBuffer;
}

/** Renders the targets `ids` taken one at a time from the shared counter, writing their files. */
function renderClaimed(policy: Policy, ids: readonly string[], req: RenderRequest, dir: string, next: Int32Array): TargetDone[] {
  const done: TargetDone[] = [];
  for (let i = Atomics.add(next, 0, 1); i < ids.length; i = Atomics.add(next, 0, 1)) {
    const renderer = renderers.find((r) => r.id === ids[i])!;
    const out = renderPolicy(policy, renderer, req);
    if (!out.ok) throw new Error(out.diagnostics.map((d) => d.message).join('; '));
    for (const f of out.result.files) writeFileAtomic(safeJoin(join(dir, renderer.id), f.path), f.content);
    done.push({ index: i, id: renderer.id, errors: out.result.diagnostics.filter((d) => d.severity === 'error').length });
  }
  return done;
}

/** The worker thread's file (the compiled module; under a TypeScript test runner there is none, and one thread does all). */
const workerFile = (): string | undefined => {
  const f = fileURLToPath(import.meta.url);
  return f.endsWith('.js') && existsSync(f) ? f : undefined;
};

/**
 * Renders every target in `ids` for the policy into DIR; with `threads` > 1 and a large
 * text, a worker thread shares the work. Results come back in the order of `ids`.
 */
export async function renderAllTargets(opts: { text: string; file: string; policy: Policy; planOptions: PlanOptions; req: RenderRequest; dir: string; ids: string[]; threads: number }): Promise<TargetDone[]> {
  const next = new SharedArrayBuffer(4);
  const counter = new Int32Array(next);
  const file = workerFile();
  const useWorker = opts.threads > 1 && opts.ids.length > 1 && opts.text.length >= THREAD_MIN_TEXT && file !== undefined && process.env.VBRWALL_THREADS !== '1';
  let worker: Promise<TargetDone[]> | undefined;
  if (useWorker) {
    const job: Job = { text: opts.text, file: opts.file, planOptions: opts.planOptions, req: opts.req, dir: opts.dir, ids: opts.ids, next };
    const w = new Worker(file!, { workerData: job });
    worker = new Promise((resolvePromise, reject) => {
      let result: TargetDone[] | undefined;
      w.on('message', (m: TargetDone[]) => (result = m));
      w.on('error', reject);
      w.on('exit', (code) => (result ? resolvePromise(result) : reject(new Error(`the render worker stopped (exit ${code}) before it reported`))));
    });
  }
  const mine = renderClaimed(opts.policy, opts.ids, opts.req, opts.dir, counter);
  const theirs = worker ? await worker : [];
  return [...mine, ...theirs].sort((a, b) => a.index - b.index);
}

// The worker: the same steps from the same text, on the other core.
if (!isMainThread && parentPort && (workerData as Job | undefined)?.next) {
  const job = workerData as Job;
  const loaded = loadDeployment(job.text, job.file);
  if (!loaded.ok) throw new Error(`${job.file}: the deployment did not load in the render worker`);
  const plan = buildPlan(loaded.value.deployment, job.planOptions);
  const first = renderers.find((r) => r.id === job.ids[0])!;
  const built = policyFor(plan, first, job.req);
  if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join('; '));
  parentPort.postMessage(renderClaimed(built.policy, job.ids, job.req, job.dir, new Int32Array(job.next)));
}
