/**
 * JSON with positions: JSON.parse gives no offsets, and rules in one-line exports (`nft -j`)
 * must still be found. Objects and arrays are plain values; their [start, end) offsets are in
 * a WeakMap. Errors carry the offset.
 * @module
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export type JsonResult = { ok: true; value: Json; pos: WeakMap<object, [number, number]> } | { ok: false; offset: number; message: string };

export function parseJsonWithPositions(text: string): JsonResult {
  const pos = new WeakMap<object, [number, number]>();
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  class Fail {
    constructor(
      readonly offset: number,
      readonly message: string,
    ) {}
  }
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      const start = i++;
      const obj: { [k: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i++;
        pos.set(obj, [start, i]);
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new Fail(i, 'expected a string key');
        const k = str();
        ws();
        if (text[i] !== ':') throw new Fail(i, "expected ':'");
        i++;
        obj[k] = value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          break;
        }
        throw new Fail(i, "expected ',' or '}'");
      }
      pos.set(obj, [start, i]);
      return obj;
    }
    if (c === '[') {
      const start = i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        pos.set(arr, [start, i]);
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          break;
        }
        throw new Fail(i, "expected ',' or ']'");
      }
      pos.set(arr, [start, i]);
      return arr;
    }
    if (c === '"') return str();
    if (c === 't' && text.startsWith('true', i)) return (i += 4), true;
    if (c === 'f' && text.startsWith('false', i)) return (i += 5), false;
    if (c === 'n' && text.startsWith('null', i)) return (i += 4), null;
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const r = m.exec(text);
    if (r && r[0].length) {
      i += r[0].length;
      return Number(r[0]);
    }
    throw new Fail(i, i >= n ? 'unexpected end of the file' : `unexpected '${text[i]}'`);
  };
  const str = (): string => {
    const start = i++;
    let out = '';
    let seg = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(seg, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += text.slice(seg, i);
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail(i, 'bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e === undefined || !(e in map)) throw new Fail(i, 'bad escape');
          out += map[e];
          i += 2;
        }
        seg = i;
        continue;
      }
      if (c < 32) throw new Fail(i, 'control character in a string');
      i++;
    }
    throw new Fail(start, 'unterminated string');
  };
  try {
    const v = value();
    ws();
    if (i < n) throw new Fail(i, 'text after the JSON value');
    return { ok: true, value: v, pos };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
}

export const isObj = (v: Json | undefined): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isArr = (v: Json | undefined): v is Json[] => Array.isArray(v);
