/**
 * Checks of the jump graph every chain-based format needs: targets that exist, and no loops
 * (the kernel refuses loops; a hand-edited export may still have one).
 * @module
 */
import type { AclBuilder, AclRule } from '../acl.js';
import type { ParseReport } from './_report.js';

/**
 * `jumps`, when the parser kept them: the rules of each chain (by key) that jump or go to a chain,
 * in their order; only they are looked at (an export of 100,000 rules has a few dozen).
 */
export function checkJumps(b: AclBuilder, rep: ParseReport, jumps?: ReadonlyMap<string, readonly AclRule[]>): void {
  const none: readonly AclRule[] = [];
  const rulesOf = (name: string): readonly AclRule[] => (jumps ? jumps.get(name) : b.chains.get(name)?.rules) ?? none;
  for (const name of b.chains.keys())
    for (const r of rulesOf(name))
      if ((r.action === 'jump' || r.action === 'goto') && (!r.target || !b.chains.has(r.target))) {
        rep.syntax(r.ref.range?.[0] ?? 0, r.ref.range?.[1] ?? 0, `${r.action} to chain '${r.target ?? ''}', which is not defined`, `chains: ${[...b.chains.values()].map((x) => x.label).join(', ')}`);
        r.action = 'continue';
      }
  const state = new Map<string, 1 | 2>();
  const visit = (name: string, path: string[]): void => {
    state.set(name, 1);
    for (const r of rulesOf(name)) {
      if ((r.action !== 'jump' && r.action !== 'goto') || !r.target) continue;
      const s = state.get(r.target);
      if (s === 1) {
        rep.syntax(r.ref.range?.[0] ?? 0, r.ref.range?.[1] ?? 0, `jumping to '${r.target}' makes a loop (${[...path, name, r.target].join(' → ')})`, 'the kernel refuses jump loops; the export is damaged or hand-edited');
        r.action = 'continue';
      } else if (s === undefined) visit(r.target, [...path, name]);
    }
    state.set(name, 2);
  };
  for (const name of b.chains.keys()) if (!state.has(name)) visit(name, []);
}
