/**
 * `vbrwall render`: the plan as rules for a target.
 * @module
 */
import { join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../../diag/diagnostic.js';
import { buildPlan } from '../../plan/plan.js';
import { typedPlan } from '../../plan/typed.js';
import type { Plan } from '../../plan/types.js';
import { findRenderer, renderers } from '../../render/registry.js';
import { policyFor, renderPlan } from '../../render/render.js';
import type { RenderedFile } from '../../render/types.js';
import { filePieces } from '../../render/_shared/chunks.js';
import { oneOf, printDiagnostics, readDeployment, safeJoin, writeFileAtomic } from '../common.js';
import { EXIT, UsageError } from '../exit.js';
import { renderAllTargets } from './render-all.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values, positionals }: CommandContext): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`render takes one FILE, not ${positionals.length}`);
  const name = values.target;
  if (typeof name !== 'string') throw new UsageError('--target is required', `targets: ${renderers.map((r) => r.id).join(', ')}`);
  if (name === 'all') return renderAll({ io, values, positionals });
  const renderer = findRenderer(name);
  if (!renderer) throw new UsageError(`unknown target '${name}'`, `targets: all, ${renderers.map((r) => r.id).join(', ')}`);
  const allHosts = values['all-hosts'] === true;
  const scope = oneOf(values, 'scope', ['zone-firewall', 'host'] as const, allHosts || typeof values.host === 'string' ? 'host' : renderer.supports.scopes[0]!);
  if (allHosts && typeof values.out !== 'string') throw new UsageError('--all-hosts needs --out DIR');
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const plan = buildPlan(loaded.value.deployment, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });
  const hosts = allHosts ? hostsWithFlows(plan) : [typeof values.host === 'string' ? values.host : undefined];
  const files: RenderedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const host of hosts) {
    const out = renderPlan(plan, renderer, { scope, ...(host ? { host } : {}), outbound: values.outbound === true });
    if (!out.ok) {
      printDiagnostics(io, out.diagnostics, new Map());
      return EXIT.BAD_INPUT;
    }
    files.push(...out.result.files);
    diagnostics.push(...out.result.diagnostics);
  }
  const partial = values['allow-partial'] === true;
  const shown = partial ? diagnostics.map((d) => (d.severity === 'error' ? { ...d, severity: 'warning' as const } : d)) : diagnostics;
  printDiagnostics(io, shown, new Map());
  if (typeof values.out === 'string') {
    const dir = resolve(io.cwd, values.out);
    // A large file's chunks are written as they are (render/_shared/chunks.ts): never one string.
    for (const f of files) writeFileAtomic(safeJoin(dir, f.path), filePieces(f) ?? f.content);
    io.stderr(`wrote ${files.length} file${files.length === 1 ? '' : 's'} to ${values.out}: ${files.map((f) => f.path).join(', ')}\n`);
  } else {
    const first = files[0];
    if (first && typeof first.content !== 'string') throw new UsageError(`target ${renderer.id} writes binary files; give --out DIR`);
    for (const f of files) io.stdout(files.length > 1 ? `# ---- ${f.path}\n${String(f.content)}` : String(f.content));
  }
  if (hasErrors(diagnostics) && !partial) {
    io.stderr(`${renderer.id} cannot express part of the policy (above); nothing was dropped silently. Use --allow-partial to accept the output without those rules.\n`);
    return EXIT.FINDINGS;
  }
  return EXIT.OK;
}

/** `--target all --out DIR`: every target that has the scope, each in its own folder. */
async function renderAll({ io, values, positionals }: CommandContext): Promise<number> {
  if (typeof values.out !== 'string') throw new UsageError('--target all needs --out DIR');
  const scope = oneOf(values, 'scope', ['zone-firewall', 'host'] as const, typeof values.host === 'string' ? 'host' : 'zone-firewall');
  const phase = values.phase === undefined ? undefined : oneOf(values, 'phase', ['operate', 'deploy'] as const, 'operate');
  const loaded = readDeployment(io, positionals[0]);
  if (!loaded.ok) return loaded.code;
  const plan = buildPlan(loaded.value.deployment, { ...(phase ? { phase } : {}), failover: !values['no-failover'] });
  const dir = resolve(io.cwd, values.out);
  const req = { scope, ...(typeof values.host === 'string' ? { host: values.host } : {}), outbound: values.outbound === true };
  const targets = renderers.filter((r) => r.supports.scopes.includes(scope));
  // One policy for every target: it depends on the scope, not on the target.
  const built = targets[0] ? policyFor(plan, targets[0], req) : undefined;
  if (built && !built.ok) {
    printDiagnostics(io, built.diagnostics, new Map());
    return EXIT.BAD_INPUT;
  }
  const results = built ? renderAllTargets({ policy: built.policy, req, dir, ids: targets.map((r) => r.id) }) : [];
  const errors = results.reduce((n, r) => n + r.errors, 0);
  const done = results.map((r) => `${r.id}${r.errors ? ` (${r.errors} rule${r.errors === 1 ? '' : 's'} not expressible)` : ''}`);
  io.stderr(`wrote ${done.length} targets to ${values.out}: ${done.join(', ')}\n`);
  return errors && values['allow-partial'] !== true ? EXIT.FINDINGS : EXIT.OK;
}

/** Hosts that have a flow in or out, in deployment order. */
function hostsWithFlows(plan: Plan): string[] {
  const t = typedPlan(plan);
  const used = new Set<string>();
  if (t) {
    // A type flow gives every host of its types a flow, except a type's only host to itself.
    for (const f of t.flows)
      if (f.from !== f.to || t.types[f.from]!.length > 1) for (const h of [...t.types[f.from]!, ...t.types[f.to]!]) used.add(h.name);
  } else for (const f of plan.flows) used.add(f.from).add(f.to);
  return plan.deployment.hosts.filter((h) => used.has(h.name)).map((h) => h.name);
}
