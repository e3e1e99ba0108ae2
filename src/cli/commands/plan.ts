/**
 * `vbrwall plan`: the flows a deployment needs.
 * @module
 */
import { buildPlan } from '../../plan/plan.js';
import { formatPlanCsv, formatPlanMarkdown, formatPlanTable } from '../../plan/format.js';
import { planJsonChunks } from '../../plan/json.js';
import { oneOf, printDiagnostics, readDeployment } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`plan takes one FILE, not ${positionals.length}`);
  const format = oneOf(values, 'format', ['table', 'json', 'csv', 'md'] as const, 'table');
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const plan = buildPlan(loaded.value.deployment, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });
  printDiagnostics(io, plan.diagnostics, new Map());
  if (format === 'json') {
    for (const chunk of planJsonChunks(plan)) await (io.stdoutDrained ?? io.stdout)(chunk);
  }
  else if (format === 'csv') io.stdout(formatPlanCsv(plan));
  else if (format === 'md') io.stdout(formatPlanMarkdown(plan));
  else io.stdout(formatPlanTable(plan, { verbose: values.verbose === true }));
  return EXIT.OK;
}
