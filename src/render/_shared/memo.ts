/**
 * A function remembered for the arguments it has seen: documents repeat the same object cells,
 * purposes and sources thousands of times, and escape each once per document.
 * @module
 */
export function memo<K, V>(f: (k: K) => V): (k: K) => V {
  const m = new Map<K, V>();
  return (k) => {
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = f(k)));
    return v;
  };
}
