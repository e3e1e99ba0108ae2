/**
 * Helpers the Terraform targets (aws, azure) and the aerleon target share: candidates for
 * render/_shared/ (kept here because this change may only touch its own target folders).
 * @module
 */
import type { Diagnostic } from '../../diag/diagnostic.js';

/** Each diagnostic once (a zone-firewall rule is seen from both of its zones). */
export const uniqueDiagnostics = (ds: Diagnostic[]): Diagnostic[] => {
  const seen = new Set<string>();
  return ds.filter((d) => !seen.has(`${d.code}\u0000${d.message}`) && (seen.add(`${d.code}\u0000${d.message}`), true));
};

/** `key = value` lines with the `=` aligned, as `terraform fmt` writes them. */
export function attrLines(pairs: readonly (readonly [string, string])[], indent: string): string[] {
  const w = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(w)} = ${v}`);
}
