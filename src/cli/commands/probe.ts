/**
 * `vbrwall probe`: from this machine, as HOST, try every flow that starts at HOST.
 * @module
 */
import { lookup } from 'node:dns/promises';
import { buildPlan } from '../../plan/plan.js';
import { interruptible } from '../../probe/interrupt.js';
import { nodeConnect } from '../../probe/node-connector.js';
import { formatProbeTable, probeFailed, probeToJson, probeToJunit, type ProbeReport } from '../../probe/report.js';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, progressLine, runProbes } from '../../probe/run.js';
import { probeTargets } from '../../probe/targets.js';
import { intOption, oneOf, readDeployment } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export const resolveName = async (name: string): Promise<string[]> => (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`probe takes one FILE, not ${positionals.length}`);
  const as = values.as;
  if (typeof as !== 'string') throw new UsageError('--as HOST is required: the host of the deployment this machine is', 'e.g. vbrwall probe site.yaml --as proxy01');
  const format = oneOf(values, 'format', ['table', 'json', 'junit'] as const, 'table');
  const concurrency = intOption(values, 'concurrency', DEFAULT_CONCURRENCY, 1, 4096);
  const timeoutMs = intOption(values, 'timeout', DEFAULT_TIMEOUT_MS, 1, 600000);
  const sample = intOption(values, 'sample', 1, 1, 1024);
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const d = loaded.value.deployment;
  if (!d.hosts.some((h) => h.name === as)) throw new UsageError(`no host '${as}' in ${loaded.value.file}`, `hosts: ${d.hosts.map((h) => h.name).join(', ')}`);
  const plan = buildPlan(d, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });
  const { targets, skipped } = await probeTargets(plan, as, { full: values.full === true, sample, resolve: resolveName });
  if (!targets.length && !skipped.length) {
    io.stderr(`info PROBE_NO_FLOWS: no flow of the plan starts at '${as}': nothing to probe\n`);
    return EXIT.OK;
  }
  const stop = interruptible(io.signal);
  const progress = io.isTty ? progressLine(io.stderr, `probing from ${as}:`) : undefined;
  try {
    const outcome = await runProbes(targets, nodeConnect, { concurrency, timeoutMs, signal: stop.signal, ...(progress ? { onProgress: progress.update } : {}) });
    progress?.end();
    const report: ProbeReport = { deployment: d.name, from: as, timeoutMs, results: outcome.results, skipped, aborted: outcome.aborted };
    if (format === 'json') io.stdout(JSON.stringify(probeToJson(report), null, 2) + '\n');
    else if (format === 'junit') io.stdout(probeToJunit(report));
    else io.stdout(formatProbeTable(report));
    if (outcome.aborted) io.stderr(`interrupted: ${outcome.results.length} of ${targets.length} probes ran\n`);
    return probeFailed(report) || outcome.aborted ? EXIT.FINDINGS : EXIT.OK;
  } finally {
    stop.dispose();
  }
}
