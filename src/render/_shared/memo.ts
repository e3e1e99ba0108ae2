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

/** A rule of the policy in the direction a document lists it (csv/rows.ts `DirectedRule`, seen structurally). */
interface Directed {
  readonly rule: object;
  readonly direction: string;
}

/**
 * `make(policy, rules)` remembered for the last rule list of each policy: several targets of one
 * render (the documents, the diagrams) ask for the same table or graph; the result is read-only.
 */
export function perPolicy<P extends object, R extends Directed, V>(make: (policy: P, rules: readonly R[]) => V): (policy: P, rules: readonly R[]) => V {
  const last = new WeakMap<P, { rules: readonly R[]; value: V }>();
  const same = (a: readonly R[], b: readonly R[]): boolean => a.length === b.length && a.every((x, i) => x.rule === b[i]!.rule && x.direction === b[i]!.direction);
  return (policy, rules) => {
    const have = last.get(policy);
    if (have && same(have.rules, rules)) return have.value;
    const value = make(policy, rules);
    last.set(policy, { rules: [...rules], value });
    return value;
  };
}
