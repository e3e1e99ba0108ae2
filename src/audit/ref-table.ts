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

type Slot<T> = Entry<T> | Entry<T>[];

/** Lines that index an array (all real ones); any other number is keyed as text. */
const arrayLine = (line: number): boolean => Number.isInteger(line) && line >= 0 && line < 2 ** 30;

export class RefTable<T> {
  /** In the order references were first added. */
  private readonly entries: Entry<T>[] = [];
  /** Entries by line, for references without a column (nearly all): an array slot is the cheapest lookup. */
  private readonly byLine: (Slot<T> | undefined)[] = [];
  /** Entries by `line:column`, or by line as text when it is not an array index. */
  private readonly byPosition = new Map<string, Slot<T>>();

  get(r: RuleRef): T | undefined {
    const e = !r.column && arrayLine(r.line) ? this.byLine[r.line] : this.byPosition.get(position(r));
    if (!e) return undefined;
    if (!Array.isArray(e)) return e.ref === r || (e.ref.label === r.label && e.ref.file === r.file) ? e.value : undefined;
    for (const x of e) if (x.ref === r || (x.ref.label === r.label && x.ref.file === r.file)) return x.value;
    return undefined;
  }

  /** Adds a value for a reference not in the table yet. */
  add(r: RuleRef, value: T): void {
    const entry = { ref: r, value };
    this.entries.push(entry);
    if (!r.column && arrayLine(r.line)) this.byLine[r.line] = join(this.byLine[r.line], entry);
    else {
      const k = position(r);
      this.byPosition.set(k, join(this.byPosition.get(k), entry));
    }
  }

  /** The values, in the order their references were first added. */
  *values(): IterableIterator<T> {
    for (const e of this.entries) yield e.value;
  }
}

/** A key as text for the references the line array does not take. */
const position = (r: RuleRef): string => (r.column ? `${r.line}:${r.column}` : `${r.line}`);

/** The slot with one more entry: one entry, or a list when references at one position differ (labels, files). */
function join<T>(slot: Slot<T> | undefined, e: Entry<T>): Slot<T> {
  if (!slot) return e;
  if (Array.isArray(slot)) {
    slot.push(e);
    return slot;
  }
  return [slot, e];
}
