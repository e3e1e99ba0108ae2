/**
 * Items grouped by a key, groups in the order their first item comes, items in their order.
 * @module
 */
export function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const have = m.get(k);
    if (have) have.push(x);
    else m.set(k, [x]);
  }
  return m;
}
