/**
 * `render --target all`: every target of a scope, written to DIR/<target>/, from one policy.
 * (A second thread sharing the targets was measured and dropped: on two cores the garbage
 * collector's helper threads already use the other core, so it saved nothing and cost 130 MB.)
 * @module
 */
import { join } from 'node:path';
import type { Policy } from '../../policy/types.js';
import { renderers } from '../../render/registry.js';
import { renderPolicy, type RenderRequest } from '../../render/render.js';
import { safeJoin, writeFileAtomic } from '../common.js';

export interface TargetDone {
  id: string;
  /** Rules the target could not express. */
  errors: number;
}

/** Renders every target in `ids` for the policy into DIR, in order. */
export function renderAllTargets(opts: { policy: Policy; req: RenderRequest; dir: string; ids: readonly string[] }): TargetDone[] {
  return opts.ids.map((id) => {
    const renderer = renderers.find((r) => r.id === id)!;
    const out = renderPolicy(opts.policy, renderer, opts.req);
    if (!out.ok) throw new Error(out.diagnostics.map((d) => d.message).join('; '));
    for (const f of out.result.files) writeFileAtomic(safeJoin(join(opts.dir, renderer.id), f.path), f.content);
    return { id, errors: out.result.diagnostics.filter((d) => d.severity === 'error').length };
  });
}
