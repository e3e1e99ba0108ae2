/**
 * The ruleset under test: the one vbrwall renders for the zone firewall, or files the user gives,
 * and how each file is loaded into the router namespace.
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Plan } from '../plan/types.js';
import { expressible } from '../render/_shared/capabilities.js';
import { findRenderer } from '../render/registry.js';
import { renderPlan } from '../render/render.js';
import type { Renderer } from '../render/types.js';

export const VERIFY_TARGETS = ['nftables', 'iptables'] as const;
export type VerifyTarget = (typeof VERIFY_TARGETS)[number];

export interface RulesetFile {
  /** A name for messages (the rendered file's name or the path given). */
  name: string;
  content: string;
  /** The command that loads it in the router namespace. */
  loader: 'nft' | 'iptables-restore' | 'ip6tables-restore';
}

/** Tools a target needs besides `ip`. */
export const TOOLS: Record<VerifyTarget, string[]> = { nftables: ['nft'], iptables: ['iptables-restore', 'ip6tables-restore'] };

/** An iptables file is IPv6 when its name says so (`.rules6`, `.v6`, `ip6tables…`). */
export const isIpv6File = (name: string): boolean => /\.rules6$|\.v6$|6\.rules$|(^|[^a-z])ip6tables/i.test(basename(name));

export function loaderFor(target: VerifyTarget, name: string): RulesetFile['loader'] {
  if (target === 'nftables') return 'nft';
  return isIpv6File(name) ? 'ip6tables-restore' : 'iptables-restore';
}

async function rendererFor(target: VerifyTarget): Promise<Renderer | undefined> {
  const r = findRenderer(target);
  if (r) return r;
  if (target !== 'iptables') return undefined;
  // The iptables target may not be registered yet; load it from its folder when it is there.
  try {
    const spec = '../render/iptables/index.js';
    const m = (await import(spec)) as { iptables?: Renderer };
    return m.iptables;
  } catch {
    return undefined;
  }
}

export type Rendered =
  | { ok: true; files: RulesetFile[]; skip: Map<string, string>; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

/** Renders the zone firewall; flows in rules the target could not express are to be skipped. */
export async function renderRuleset(plan: Plan, target: VerifyTarget): Promise<Rendered> {
  const renderer = await rendererFor(target);
  if (!renderer) return { ok: false, diagnostics: [{ code: 'VERIFY_UNAVAILABLE', severity: 'error', message: `the ${target} target is not available in this build` }] };
  const out = renderPlan(plan, renderer, { scope: 'zone-firewall' });
  if (!out.ok) return out;
  const kept = new Set(expressible(out.policy, renderer.supports, renderer.id).rules.map((r) => r.name));
  const skip = new Map<string, string>();
  for (const r of out.policy.rules)
    if (!kept.has(r.name)) for (const f of r.flows) skip.set(f, `${target} cannot express rule ${r.name} (${r.source.label} → ${r.destination.label}): it is not in the rendered ruleset`);
  const files = out.result.files
    .filter((f): f is { path: string; content: string } => typeof f.content === 'string')
    .map((f) => ({ name: f.path, content: f.content, loader: loaderFor(target, f.path) }));
  return { ok: true, files, skip, diagnostics: out.result.diagnostics };
}

/** Reads `--ruleset` files. */
export function readRulesets(target: VerifyTarget, paths: readonly string[]): { ok: true; files: RulesetFile[] } | { ok: false; message: string } {
  const files: RulesetFile[] = [];
  for (const p of paths) {
    try {
      files.push({ name: p, content: readFileSync(p, 'utf8'), loader: loaderFor(target, p) });
    } catch (e) {
      return { ok: false, message: `${p}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
  }
  return { ok: true, files };
}
