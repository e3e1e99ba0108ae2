/**
 * `vbrwall check`: the design against Veeam's hardening guidance, with evidence and sources.
 * @module
 */
import { CHECK_IDS, CHECK_SEVERITIES, CHECK_FORMATS, checkInputProblems, failingFindings, formatChecks, runChecks, type CheckReport, type Suppression } from '../../checks/index.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { lineStarts, linePos } from '../../diag/format.js';
import { rangeAt } from '../../model/source-map.js';
import { nearest } from '../../model/suggest.js';
import { buildPlan } from '../../plan/plan.js';
import { oneOf, printDiagnostics, readDeployment } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`check takes one FILE, not ${positionals.length}`);
  const format = oneOf(values, 'format', CHECK_FORMATS, 'table');
  const minSeverity = oneOf(values, 'severity', CHECK_SEVERITIES, 'low');
  const failOn = oneOf(values, 'fail-on', CHECK_SEVERITIES, 'high');
  const ignore = ignoreOption(values.ignore);

  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const { deployment, doc, file, text } = loaded.value;

  const problems: Diagnostic[] = checkInputProblems(deployment).map((p) => {
    const range = rangeAt(doc, p.path);
    return { code: 'MODEL_TYPE', severity: 'error', message: p.message, file, path: [...p.path], hint: p.hint, ...(range ? { range } : {}) };
  });
  if (problems.length) {
    printDiagnostics(io, problems, new Map([[file, text]]));
    io.stderr(`${problems.length} error${problems.length === 1 ? '' : 's'} in ${file}\n`);
    return EXIT.BAD_INPUT;
  }

  const plan = buildPlan(deployment);
  printDiagnostics(io, plan.diagnostics, new Map());
  const findings = runChecks(deployment, plan, { minSeverity, ignore });
  const starts = lineStarts(text);
  const report: CheckReport = {
    deployment: deployment.name,
    phase: plan.phase,
    findings,
    file,
    locate: (path) => {
      const range = rangeAt(doc, path);
      if (!range) return undefined;
      const a = linePos(starts, range[0]);
      const b = linePos(starts, Math.max(range[0], range[1]));
      return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
    },
  };
  io.stdout(formatChecks(format, report));
  return failingFindings(findings, failOn).length ? EXIT.FINDINGS : EXIT.OK;
}

function ignoreOption(v: unknown): Suppression[] {
  const ids = v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
  return ids
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)
    .map((id) => {
      if (!CHECK_IDS.includes(id)) {
        const near = nearest(id, CHECK_IDS);
        throw new UsageError(`--ignore: '${id}' is not a check id`, `${near ? `did you mean '${near}'? ` : ''}\`vbrwall check --format json\` lists the ids`);
      }
      return { id, reason: 'ignored with --ignore' };
    });
}
