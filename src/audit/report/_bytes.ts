/**
 * Report text built directly as UTF-8 bytes, in chunks of about a megabyte: a 50 MB report is
 * never one string, and no string is made per line only to be converted to bytes when written
 * (converting the strings cost as much as making them, and both fed the garbage collector).
 * Names and labels are nearly always ASCII: they are copied byte by byte, and anything else goes
 * through `Buffer.write` (UTF-8, as `process.stdout.write` of a string would have written it).
 * Each string is encoded on its own, as each `write` of a string is: the reports' pieces are JSON
 * (escaped) or whole lines, so no surrogate pair is ever split between two of them.
 * @module
 */

/** Bytes per chunk: big enough that a write costs little, small enough not to hold the report twice. */
export const CHUNK = 1 << 20;

/** Strings longer than this are written by Buffer.write (one call, no loop in JavaScript). */
const LONG = 64;
/** What JSON.stringify escapes, and everything not ASCII: `quoted` then takes the general way. */
const ESCAPED = /[\u0000-\u001f"\\\u0080-\uffff]/;

export class ByteChunks {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly size = CHUNK) {
    this.buf = Buffer.allocUnsafe(size + (size >> 2));
  }

  /** True when a chunk is full: take it between two items (so that each chunk is whole UTF-8). */
  get full(): boolean {
    return this.pos >= this.size;
  }

  get length(): number {
    return this.pos;
  }

  /** The bytes written since the last take; the next bytes go to a new buffer (the taken one may still be queued for writing). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.size + (this.size >> 2));
    this.pos = 0;
    return out;
  }

  /** Room for `n` more bytes (an item longer than the slack moves to a bigger buffer). */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** `s` as UTF-8. */
  text(s: string): void {
    const n = s.length;
    this.room(3 * n);
    if (n > LONG) {
      this.pos += this.buf.write(s, this.pos);
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        this.pos = pos + buf.write(s.slice(i), pos);
        return;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** `JSON.stringify(s)`, as UTF-8. */
  quoted(s: string): void {
    const n = s.length;
    this.room(3 * n + 2);
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    if (n > LONG && !ESCAPED.test(s)) {
      // A long plain ASCII text (a break's sentence): one native check and one copy, no loop here.
      buf[pos++] = 0x22;
      pos += buf.write(s, pos, n, 'latin1');
      buf[pos++] = 0x22;
      this.pos = pos;
      return;
    }
    buf[pos++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      // Quote, backslash, controls and all non-ASCII (surrogates among them) take the general way.
      if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) {
        this.pos = start;
        this.text(JSON.stringify(s));
        return;
      }
      buf[pos++] = c;
    }
    buf[pos++] = 0x22;
    this.pos = pos;
  }

  /** `String(n)`. */
  num(n: number): void {
    if (!(n >= 0 && n < 2 ** 31 && n === (n | 0))) {
      this.text(String(n));
      return;
    }
    this.room(10);
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 0x30 + n;
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
    let pos = this.pos + digits;
    this.pos = pos;
    for (let x = n; ; ) {
      const q = (x / 10) | 0;
      buf[--pos] = 0x30 + x - q * 10;
      if (q === 0) break;
      x = q;
    }
  }

  /** Bytes made once (with `utf8`) and written many times. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    this.room(n);
    if (n > LONG) {
      this.buf.set(b, this.pos);
      this.pos += n;
      return;
    }
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = b[i]!;
    this.pos = pos;
  }
}

/** A piece of text as bytes, to be written many times. */
export const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/**
 * Lines (or any pieces of text) as chunks of UTF-8: `sep` between two pieces, `end` after the
 * last, as `pieces.join(sep) + end` would make them, but never as one string. A chunk ends
 * between two pieces.
 */
export function* chunksOf(pieces: readonly string[], sep = '', end = ''): Generator<Buffer> {
  const out = new ByteChunks();
  for (let i = 0; i < pieces.length; i++) {
    if (i && sep) out.text(sep);
    out.text(pieces[i]!);
    if (out.full) yield out.take();
  }
  out.text(end);
  if (out.length) yield out.take();
}
