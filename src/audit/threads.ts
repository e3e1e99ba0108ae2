/**
 * A large audit on two threads: the excess and shadowed-rule analyses depend on the ruleset and
 * the plan only, not on the flows' verdicts, so a worker thread runs them while this thread
 * evaluates the flows (and finds the unused rules, which are quick). The worker loads, plans and parses the same texts itself (handing over a parsed
 * ruleset would cost as much as parsing it), so both threads start at once; the results are the
 * ones the single-threaded audit gives (tested).
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadDeployment } from '../model/load.js';
import { buildPlan } from '../plan/plan.js';
import type { PlanOptions } from '../plan/types.js';
import { auditContext, heavyAnalyses, type HeavyAnalyses } from './audit.js';
import { parseRuleset } from './parse/registry.js';
import type { AuditScope } from './scope.js';

/** Rulesets from this size of text up get a second thread (below it, starting one costs more than it saves). */
export const THREAD_MIN_TEXT = 2 * 1024 * 1024;

/** What the worker needs to reach the same ruleset and plan as the main thread. */
export interface AnalysesJob {
  kind: 'vbrwall-audit-analyses';
  deploymentText: string;
  deploymentFile: string;
  planOptions: PlanOptions;
  rulesetText: string;
  rulesetFile: string;
  format: string;
  lenient: boolean;
  scope: AuditScope;
  excess: boolean;
  deadRules: boolean;
}

type Reply = { ok: true; analyses: HeavyAnalyses } | { ok: false; message: string };

/** The worker thread's file: this module compiled (under a TypeScript test runner there is none). */
function workerFile(): string | undefined {
  const f = fileURLToPath(import.meta.url);
  return f.endsWith('.js') && existsSync(f) ? f : undefined;
}

/**
 * Whether a ruleset of this size is worth a second thread here. `VBRWALL_THREADS=1` turns the
 * second thread off, `VBRWALL_THREADS=2` uses it whatever the size.
 */
export function useThreads(rulesetText: string, minText = THREAD_MIN_TEXT): boolean {
  const env = process.env.VBRWALL_THREADS;
  if (env === '1' || workerFile() === undefined) return false;
  return env === '2' || (rulesetText.length >= minText && availableParallelism() > 1);
}

/** A running worker: `result` settles with its analyses; `stop` ends it early (bad input on this side). */
export interface AnalysesRun {
  result: Promise<HeavyAnalyses>;
  stop(): void;
}

/** Starts the analyses on a worker thread. */
export function startAnalyses(job: Omit<AnalysesJob, 'kind'>): AnalysesRun {
  const w = new Worker(workerFile()!, { workerData: { ...job, kind: 'vbrwall-audit-analyses' } satisfies AnalysesJob });
  let stopped = false;
  const result = new Promise<HeavyAnalyses>((resolve, reject) => {
    let reply: Reply | undefined;
    w.on('message', (m: Reply) => (reply = m));
    w.on('error', reject);
    w.on('exit', (code) => {
      if (reply?.ok) resolve(reply.analyses);
      else reject(new Error(reply?.message ?? `the audit worker stopped (exit ${code}) before it reported`));
    });
  });
  // A run that is stopped, or whose result nobody waits for, must not end the process with an unhandled rejection.
  result.catch(() => undefined);
  return {
    result,
    stop: () => {
      if (!stopped) void w.terminate();
      stopped = true;
    },
  };
}

/** The worker: the same steps from the same texts, then the analyses. */
function runJob(job: AnalysesJob): Reply {
  const loaded = loadDeployment(job.deploymentText, job.deploymentFile);
  if (!loaded.ok) return { ok: false, message: `${job.deploymentFile}: the deployment did not load in the audit worker` };
  const plan = buildPlan(loaded.value.deployment, job.planOptions);
  const d = plan.deployment;
  const parsed = parseRuleset(job.rulesetText, { file: job.rulesetFile, lenient: job.lenient, deployment: d, ...(job.scope.kind === 'host' ? { host: job.scope.host } : {}) }, job.format);
  if (!parsed.ok) return { ok: false, message: `${job.rulesetFile}: the ruleset did not parse in the audit worker` };
  const ctx = auditContext(plan, parsed.value, job.scope, [] as Diagnostic[]);
  return { ok: true, analyses: heavyAnalyses(ctx, { excess: job.excess, deadRules: job.deadRules }) };
}

if (!isMainThread && parentPort && (workerData as AnalysesJob | undefined)?.kind === 'vbrwall-audit-analyses') {
  let reply: Reply;
  try {
    reply = runJob(workerData as AnalysesJob);
  } catch (e) {
    reply = { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort.postMessage(reply);
}
