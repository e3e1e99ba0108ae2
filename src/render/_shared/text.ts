/**
 * Text helpers shared by targets: making input text safe for comments and strings.
 * Each target's quote.ts decides what its syntax allows; these are the building blocks.
 * @module
 */

/**
 * A pure string function remembered for the strings it has seen: a large policy repeats the same
 * purposes and names thousands of times. The memory is bounded (cleared when full).
 */
function remembered(f: (s: string) => string, max = 20_000): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let r = seen.get(s);
    if (r === undefined) {
      if (seen.size >= max) seen.clear();
      seen.set(s, (r = f(s)));
    }
    return r;
  };
}

/** One line of printable text: control characters (newlines included) become spaces. */
const collapse = remembered((s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim());
/** Words of no control or space character, one space between them: oneLine() leaves them as they are. */
const ONE_LINE = /^[^\s\u0000-\u001f\u007f-\u009f]+(?: [^\s\u0000-\u001f\u007f-\u009f]+)*$/;
export const oneLine = (s: string): string => (ONE_LINE.test(s) ? s : collapse(s));

/** Printable ASCII only: anything else becomes `?`. */
export const asciiOnly = remembered((s: string): string => oneLine(s).replace(/[^\x20-\x7e]/g, '?'));

/** Cuts to at most n characters, marking the cut. */
export const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, Math.max(0, n - 3))}...`);

/** Sources of a rule as `page § section; …`. */
export const sourceText = (sources: readonly { page: string; section: string }[]): string => sources.map((s) => `${s.page} § ${s.section}`).join('; ');
