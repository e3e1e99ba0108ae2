/**
 * Lines of a large output joined into chunks as they come, instead of one array of every line.
 * Why: lines held in one array until the end live through many young-generation collections, so
 * V8 copies each of them (and its array slot) once or twice and promotes it, and the old
 * generation fills with what is garbage as soon as the file is joined. A chunk of a few hundred
 * kilobytes is joined while its lines are still young (they die there, uncopied) and is itself
 * allocated in the large-object space, which no collection copies.
 * `text()` is exactly `lines.join('\n')` of every line pushed (property-tested).
 *
 * A file made with `linesFile()` keeps its chunks: `render --target all --out` writes them one by
 * one (`filePieces()`), so the text of a large file is never joined into one string nor encoded
 * into one buffer; whoever reads `content` gets the joined text, made on first read.
 * @module
 */
import type { RenderedFile } from '../types.js';

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

  /** Every line of `other`, in order (its chunks taken over as they are). */
  addLines(other: Lines): void {
    if (!other.count) return;
    this.flush();
    for (const c of other.pieces()) this.chunks.push(c);
    this.count += other.count;
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

  /** The chunks so far: their join by newlines is text(). */
  pieces(): readonly string[] {
    this.flush();
    return this.chunks;
  }

  /** Every line pushed, joined by newlines. */
  text(): string {
    return this.pieces().join('\n');
  }
}

const PIECES = new WeakMap<RenderedFile, readonly string[]>();

/** A rendered file of these lines (no more may be added): its content is joined when first read. */
export function linesFile(path: string, lines: Lines): RenderedFile {
  const pieces = lines.pieces();
  let text: string | undefined;
  const file: RenderedFile = {
    path,
    get content(): string {
      return (text ??= pieces.join('\n'));
    },
  };
  PIECES.set(file, pieces);
  return file;
}

/** The chunks of a file made by linesFile(), whose join by newlines is its content; none for other files. */
export const filePieces = (f: RenderedFile): readonly string[] | undefined => PIECES.get(f);
