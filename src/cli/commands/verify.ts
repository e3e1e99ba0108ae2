/**
 * `vbrwall verify`: prove the zone-firewall ruleset (rendered, or --ruleset) in throw-away network
 * namespaces. Linux and root only; exit 3 when it cannot run here.
 * @module
 */
import { resolve } from 'node:path';
import { parsePorts, portCount } from '../../net/ports.js';
import { buildPlan } from '../../plan/plan.js';
import { samplePorts } from '../../probe/targets.js';
import { interruptible } from '../../probe/interrupt.js';
import { cleanupStale } from '../../verify/netns.js';
import { formatVerifyTable, verifyFailed, verifyToJson } from '../../verify/report.js';
import { readRulesets, renderRuleset, VERIFY_TARGETS, type RulesetFile } from '../../verify/ruleset.js';
import { preflight, verify, VERIFY_CONCURRENCY, VERIFY_TIMEOUT_MS } from '../../verify/verify.js';
import { intOption, oneOf, printDiagnostics, readDeployment } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`verify takes one FILE, not ${positionals.length}`);
  const target = oneOf(values, 'target', VERIFY_TARGETS, 'nftables');
  if (values.cleanup === true) {
    const problems = preflight(target).filter((p) => !p.includes('worker'));
    if (problems.length) return unavailable(io, problems);
    const gone = await cleanupStale();
    io.stdout(gone.length ? `removed ${gone.length} namespaces left by runs that ended: ${gone.join(', ')}\n` : 'nothing to remove\n');
    return EXIT.OK;
  }
  const format = oneOf(values, 'format', ['table', 'json'] as const, 'table');
  const timeoutMs = intOption(values, 'timeout', VERIFY_TIMEOUT_MS, 50, 60000);
  const concurrency = intOption(values, 'concurrency', VERIFY_CONCURRENCY, 1, 4096);
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  let extraPorts: number[] = [];
  if (typeof values.ports === 'string') {
    const r = parsePorts(values.ports);
    if (!r || portCount(r) > 4096) throw new UsageError(`--ports must be a list of ports and ranges (at most 4096 ports), not '${values.ports}'`, 'e.g. --ports 443,8443,49152-49160');
    extraPorts = samplePorts(r, true);
  }
  const given = values.ruleset === undefined ? [] : Array.isArray(values.ruleset) ? values.ruleset : typeof values.ruleset === 'string' ? [values.ruleset] : [];
  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const plan = buildPlan(loaded.value.deployment, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });

  const problems = preflight(target);
  if (problems.length) return unavailable(io, problems);

  let rulesets: RulesetFile[];
  let skip: Map<string, string> | undefined;
  if (given.length) {
    const r = readRulesets(target, given.map((p) => resolve(io.cwd, p)));
    if (!r.ok) {
      io.stderr(`error CLI_FILE: ${r.message}\n`);
      return EXIT.BAD_INPUT;
    }
    rulesets = r.files.map((f, i) => ({ ...f, name: given[i]! }));
  } else {
    const r = await renderRuleset(plan, target);
    if (!r.ok) {
      printDiagnostics(io, r.diagnostics, new Map());
      return EXIT.BAD_INPUT;
    }
    // Rules the target cannot express are reported by verify as flows not tried, not as errors here.
    printDiagnostics(io, r.diagnostics.filter((x) => x.severity !== 'error'), new Map());
    rulesets = r.files;
    skip = r.skip;
  }

  const stop = interruptible(io.signal);
  try {
    const outcome = await verify({
      plan,
      target,
      rulesets,
      rulesetSource: given.length ? given.join(', ') : `rendered by vbrwall: ${rulesets.map((f) => f.name).join(', ')}`,
      ...(skip ? { skip } : {}),
      full: values.full === true,
      extraPorts,
      timeoutMs,
      concurrency,
      keep: values.keep === true,
      signal: stop.signal,
      log: (l) => io.stderr(`${l}\n`),
    });
    if (!outcome.ok) return unavailable(io, outcome.unavailable);
    const r = outcome.report;
    if (format === 'json') io.stdout(JSON.stringify(verifyToJson(r), null, 2) + '\n');
    else io.stdout(formatVerifyTable(r));
    if (r.loadError) {
      io.stderr(`error VERIFY_RULESET_LOAD: ${r.loadError.file} does not load with ${target === 'nftables' ? 'nft -f' : 'iptables-restore'}${given.length ? '' : ' (a bug in the renderer: please report it)'}\n`);
      return given.length ? EXIT.BAD_INPUT : EXIT.FINDINGS;
    }
    return verifyFailed(r) ? EXIT.FINDINGS : EXIT.OK;
  } catch (e) {
    if (stop.signal.aborted) {
      io.stderr('interrupted: the test namespaces were removed; nothing was verified\n');
      return EXIT.FINDINGS;
    }
    throw e;
  } finally {
    stop.dispose();
  }
}

function unavailable(io: CommandContext['io'], problems: string[]): number {
  for (const p of problems) io.stderr(`error VERIFY_UNAVAILABLE: ${p}\n`);
  io.stderr('verify cannot run here (exit status 3); `vbrwall audit` checks a ruleset without running it\n');
  return EXIT.UNAVAILABLE;
}
