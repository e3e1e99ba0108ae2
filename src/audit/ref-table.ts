/**
 * Values by rule reference, where references are equal by value (file, line, column, label), as
 * `refKey` compares them, but looked up by numbers instead of a text key made for each of 100,000
 * rules.
 * @module
 */
import type { RuleRef } from './acl.js';

interface Entry<T> {
  ref: RuleRef;
  value: T;
}

/** The line alone (a small integer, the cheapest key) when there is no column; line and column as text otherwise. */
const position = (r: RuleRef): number | string => (r.column ? `${r.line}:${r.column}` : r.line);

export class RefTable<T> {
  private readonly byObject = new Map<RuleRef, T>();
  /** Entries by position: one, or a list when references at one position differ (labels, files). */
  private readonly byPosition = new Map<number | string, Entry<T> | Entry<T>[]>();

  get(r: RuleRef): T | undefined {
    const v = this.byObject.get(r);
    if (v !== undefined) return v;
    const e = this.byPosition.get(position(r));
    if (!e) return undefined;
    for (const x of Array.isArray(e) ? e : [e]) if (x.ref.label === r.label && x.ref.file === r.file) return x.value;
    return undefined;
  }

  /** Adds a value for a reference not in the table yet. */
  add(r: RuleRef, value: T): void {
    this.byObject.set(r, value);
    const k = position(r);
    const e = this.byPosition.get(k);
    if (!e) this.byPosition.set(k, { ref: r, value });
    else if (Array.isArray(e)) e.push({ ref: r, value });
    else this.byPosition.set(k, [e, { ref: r, value }]);
  }

  /** The values, in the order their references were first added. */
  values(): IterableIterator<T> {
    return this.byObject.values();
  }
}
