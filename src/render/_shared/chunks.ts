/**
 * Lines of a large output joined into chunks as they come, instead of one array of every line.
 * Why: lines held in one array until the end live through many young-generation collections, so
 * V8 copies each of them (and its array slot) once or twice and promotes it, and the old
 * generation fills with what is garbage as soon as the file is joined. A chunk of a few hundred
 * kilobytes is joined while its lines are still young (they die there, uncopied) and is itself
 * allocated in the large-object space, which no collection copies.
 * `text()` is exactly `lines.join('\n')` of every line pushed (property-tested).
 * @module
 */

/** Characters of lines gathered before they are joined into one chunk. */
export const CHUNK_CHARS = 256 * 1024;

export class Lines {
  private lines: string[] = [];
  private size = 0;
  /** Lines pushed so far. */
  count = 0;
  private readonly chunks: string[] = [];

  constructor(private readonly chunkChars = CHUNK_CHARS) {}

  push(...lines: string[]): void {
    for (const l of lines) this.add(l);
  }

  /** Lines of an array (any length: no spread into arguments). */
  addAll(lines: readonly string[]): void {
    for (const l of lines) this.add(l);
  }

  /** Every line of `other`, in order (its text as one piece, when it has lines). */
  addLines(other: Lines): void {
    if (other.count) {
      this.add(other.text());
      this.count += other.count - 1;
    }
  }

  add(line: string): void {
    this.count++;
    this.lines.push(line);
    this.size += line.length + 1;
    if (this.size >= this.chunkChars) this.flush();
  }

  private flush(): void {
    if (!this.lines.length) return;
    this.chunks.push(this.lines.join('\n'));
    this.lines = [];
    this.size = 0;
  }

  /** Every line pushed, joined by newlines. */
  text(): string {
    this.flush();
    return this.chunks.join('\n');
  }
}
