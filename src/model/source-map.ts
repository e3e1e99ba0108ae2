/**
 * Maps a path in the parsed document to the offsets of its node, so that schema errors point at
 * the line and column of the offending value (yaml 2.x `getIn(path, true)` is not in v3).
 * @module
 */
import type { Document, Node } from 'yaml';
import { yaml } from './yaml-lazy.js';

export type Path = readonly (string | number)[];

/**
 * Offsets of the node at `path`: the value's range, or the key's range when `part` is 'key'.
 * Falls back to the nearest existing ancestor.
 */
export function rangeAt(doc: Document, path: Path, part: 'value' | 'key' = 'value'): [number, number] | undefined {
  let node: unknown = doc.contents;
  let best: [number, number] | undefined = rangeOf(node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (yaml().isMap(node)) {
      const pair = node.items.find((p) => yaml().isPair(p) && keyText(p.key) === String(seg));
      if (!pair) return best;
      if (last && part === 'key') return rangeOf(pair.key) ?? best;
      node = pair.value;
      best = rangeOf(pair.value) ?? rangeOf(pair.key) ?? best;
    } else if (yaml().isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      best = rangeOf(node) ?? best;
    } else return best;
  }
  return best;
}

const keyText = (k: unknown): string | undefined => (yaml().isScalar(k) ? String(k.value) : undefined);

function rangeOf(n: unknown): [number, number] | undefined {
  const r = (n as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}
