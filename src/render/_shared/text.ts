/**
 * Text helpers shared by targets: making input text safe for comments and strings.
 * Each target's quote.ts decides what its syntax allows; these are the building blocks.
 * @module
 */

/** One line of printable text: control characters (newlines included) become spaces. */
export const oneLine = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();

/** Printable ASCII only: anything else becomes `?`. */
export const asciiOnly = (s: string): string => oneLine(s).replace(/[^\x20-\x7e]/g, '?');

/** Cuts to at most n characters, marking the cut. */
export const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, Math.max(0, n - 3))}...`);

/** Sources of a rule as `page § section; …`. */
export const sourceText = (sources: readonly { page: string; section: string }[]): string => sources.map((s) => `${s.page} § ${s.section}`).join('; ');
