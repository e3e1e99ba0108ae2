/**
 * PAN-OS quoting for `set` commands. A value with spaces must be in double quotes, and the CLI
 * has no escape for a quote inside one, so `"` becomes `'` and `\` becomes `/`; text is one line
 * of printable ASCII and `?` (CLI help) is left out. Descriptions hold at most 1023 characters.
 * Names (addresses, groups, services, rules) hold at most 63 characters of letters, digits, `_`,
 * `-`, `.` and spaces, starting with a letter, digit or `_`; zone names at most 31. Names here
 * are derived from ids and keep to `[A-Za-z0-9_-]`, so they need no quotes.
 * @module
 */
import { Names, printable } from '../_shared/zone.js';

export const DESCRIPTION_MAX = 1023;
export const NAME_MAX = 63;
export const ZONE_NAME_MAX = 31;

/** Words PAN-OS reads as keywords where a name may stand. */
export const RESERVED = ['any', 'none', 'all', 'application-default', 'select'];

/** A double-quoted string of at most `max` characters. */
export function panosString(s: string, max = DESCRIPTION_MAX): string {
  const t = printable(s).replace(/"/g, "'").replace(/\\/g, '/');
  return `"${t.length <= max ? t : `${t.slice(0, max - 3)}...`}"`;
}

/** A comment line of the file (not part of any command). */
export const panosComment = (s: string): string => `# ${printable(s)}`.trimEnd();

export const objectNames = (): Names => new Names(NAME_MAX, RESERVED);
export const zoneNameSpace = (): Names => new Names(ZONE_NAME_MAX, RESERVED);
