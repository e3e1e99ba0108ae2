/**
 * Junos (SRX) quoting for `set` commands. A value with spaces is written in double quotes; `"`
 * becomes `'` and `\` becomes `/` so nothing can end the string early, and text is one line of
 * printable ASCII without `?` (CLI help). Policy descriptions are cut at 900 characters and
 * address descriptions at 255. Names hold at most 63 characters; `junos-` names, `any`,
 * `any-ipv4`, `any-ipv6` and the zone names `all` and `junos-host` are the system's own.
 * @module
 */
import { Names, printable } from '../_shared/zone.js';

export const POLICY_DESCRIPTION_MAX = 900;
export const DESCRIPTION_MAX = 255;
export const NAME_MAX = 63;

export const RESERVED = ['any', 'any-ipv4', 'any-ipv6', 'all', 'junos-host', 'global'];
export const RESERVED_PREFIXES = ['junos-'];

/** A double-quoted string of at most `max` characters. */
export function srxString(s: string, max = DESCRIPTION_MAX): string {
  const t = printable(s).replace(/"/g, "'").replace(/\\/g, '/');
  return `"${t.length <= max ? t : `${t.slice(0, max - 3)}...`}"`;
}

/** A comment line (a line starting with `#` is a comment in a Junos configuration file). */
export const srxComment = (s: string): string => `# ${printable(s)}`.trimEnd();

export const srxNames = (): Names => new Names(NAME_MAX, RESERVED, RESERVED_PREFIXES);
