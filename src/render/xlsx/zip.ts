/**
 * A minimal ZIP writer for OOXML packages: deflate (method 8) entries, no ZIP64, no extra fields,
 * and a fixed timestamp (1980-01-01 00:00, the DOS epoch), so the same parts give the same bytes.
 * Format: PKWARE APPNOTE.TXT §4.3.7 (local file header), §4.3.12 (central directory header),
 * §4.3.16 (end of central directory record), §4.4.7 (CRC-32).
 * @module
 */
import * as zlib from 'node:zlib';

export interface ZipEntry {
  /** ASCII path inside the archive, `/`-separated. */
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** zlib's CRC-32 where Node has it (20.15 and later), else the table. */
const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

export function crc32(data: Uint8Array): number {
  if (zlibCrc32) return zlibCrc32(data) >>> 0;
  return tableCrc32(data);
}

/** CRC-32 (ISO-HDLC, reflected 0xEDB88320) by table, one byte at a time. */
export function tableCrc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** DOS date of 1980-01-01 (year 0, month 1, day 1); time 00:00:00. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const VERSION = 20;
const DEFLATE = 8;
/**
 * zlib level 1: sheet XML is repetitive, so it still shrinks about tenfold (level 9 took
 * seconds on the large deployment for a third less); the same input still gives the same bytes.
 */
const LEVEL = 1;

class Writer {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u16(v: number): void {
    this.bytes(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff));
  }
  u32(v: number): void {
    this.bytes(Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff));
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

export function zip(entries: readonly ZipEntry[]): Uint8Array {
  const w = new Writer();
  const central = new Writer();
  for (const e of entries) {
    if (!/^[\x21-\x7e]+$/.test(e.name)) throw new Error(`zip: entry name must be printable ASCII: ${e.name}`);
    const name = new TextEncoder().encode(e.name);
    const packed = zlib.deflateRawSync(e.data, { level: LEVEL });
    const crc = crc32(e.data);
    const offset = w.length;
    const header = (out: Writer, isCentral: boolean): void => {
      out.u32(isCentral ? 0x02014b50 : 0x04034b50);
      if (isCentral) out.u16(VERSION); // version made by (MS-DOS attributes)
      out.u16(VERSION);
      out.u16(0); // flags
      out.u16(DEFLATE);
      out.u16(DOS_TIME);
      out.u16(DOS_DATE);
      out.u32(crc);
      out.u32(packed.length);
      out.u32(e.data.length);
      out.u16(name.length);
      out.u16(0); // extra field length
      if (isCentral) {
        out.u16(0); // comment length
        out.u16(0); // disk number start
        out.u16(0); // internal attributes
        out.u32(0); // external attributes
        out.u32(offset);
      }
      out.bytes(name);
    };
    header(w, false);
    w.bytes(packed);
    header(central, true);
  }
  const cdOffset = w.length;
  const cd = central.result();
  w.bytes(cd);
  w.u32(0x06054b50);
  w.u16(0);
  w.u16(0);
  w.u16(entries.length);
  w.u16(entries.length);
  w.u32(cd.length);
  w.u32(cdOffset);
  w.u16(0);
  return w.result();
}
