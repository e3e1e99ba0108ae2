/**
 * `render --target all`: every target of a scope, written to DIR/<target>/, from one policy.
 * (A second thread sharing the targets was measured and dropped: on two cores the garbage
 * collector's helper threads already use the other core, so it saved nothing and cost 130 MB.)
 *
 * Peak memory: each target's output (its lines, then the joined text) lives for the whole render,
 * so it is promoted to the old generation and is garbage once written. V8 lets the old generation
 * grow to about 4 times what was live at the last full collection before it collects again: on the
 * large deployment (55 MB live) the heap reached 258 MB of which 170 MB was written output, 335 MB
 * RSS. A growing factor of 2 while the targets render keeps the peak near 2 times live (265 MB RSS)
 * at the price of one or two more full collections (concurrent, about 25 ms each); the flag is read
 * at each collection and set back when the targets are written.
 * @module
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { Policy } from '../../policy/types.js';
import { filePieces } from '../../render/_shared/chunks.js';
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
  // A growing factor the user chose (node --heap-growing-percent=N, or in NODE_OPTIONS) is left alone.
  if (userSetGrowing()) return renderEach(opts);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  try {
    return renderEach(opts);
  } finally {
    setFlagsFromString('--heap-growing-percent=0');
  }
}

const userSetGrowing = (): boolean => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('heap-growing-percent') || a.includes('heap_growing_percent'));

/** The old generation may grow to (1 + this / 100) times what the last full collection left live (0: V8 decides, up to 4 times). */
const HEAP_GROWING_PERCENT = 100;

function renderEach(opts: { policy: Policy; req: RenderRequest; dir: string; ids: readonly string[] }): TargetDone[] {
  return opts.ids.map((id) => {
    const renderer = renderers.find((r) => r.id === id)!;
    const out = renderPolicy(opts.policy, renderer, opts.req);
    if (!out.ok) throw new Error(out.diagnostics.map((d) => d.message).join('; '));
    // A large file's chunks are written as they are (render/_shared/chunks.ts): never one string.
    for (const f of out.result.files) writeFileAtomic(safeJoin(join(opts.dir, renderer.id), f.path), filePieces(f) ?? f.content);
    return { id, errors: out.result.diagnostics.filter((d) => d.severity === 'error').length };
  });
}
