/**
 * FortiOS quoting. Strings are written in double quotes; inside them a backslash escapes the next
 * character, so `\`, `"` and `'` are written `\\`, `\"` and `\'` (quotation marks must otherwise
 * come in pairs). Text is one line of printable ASCII and `?` is left out, because the CLI shows
 * its help at a `?` (it takes a literal one only after Ctrl-V). Limits: policy comments 1023
 * characters, address and group comments 255, object names 79, policy and zone names 35.
 * Sources: FortiGate CLI Reference 6.0 "Tips" (https://docs.fortinet.com/document/fortigate/6.0.0/cli-reference/799476/tips:
 * `?` lists completions, `\` continues a line), "CLI command syntax" of the Fortinet CLI references
 * (https://docs.fortinet.com/document/fortianalyzer/6.4.9/cli-reference/431255: `\` escapes, quotes
 * used in pairs), the Fortinet CLI "Command syntax" of the FortiDB handbook
 * (https://help.fortinet.com/fdb/5-1-6/html/FortiDB_Handbook/command_syntax.html: a quotation
 * mark, apostrophe or backslash inside a string is preceded by `\`), aerleon lib/fortigate.py
 * (FORTIGATE_COMMENT_LIMIT = 1023).
 * @module
 */
import { Names, printable } from '../_shared/zone.js';

export const POLICY_COMMENT_MAX = 1023;
export const COMMENT_MAX = 255;
export const NAME_MAX = 79;
export const POLICY_NAME_MAX = 35;
export const ZONE_NAME_MAX = 35;

/** Built-in names: addresses `all`/`none`, services `ALL…`, the `any` interface, SD-WAN zones. */
export const RESERVED = ['all', 'none', 'any', 'ALL', 'ALL_TCP', 'ALL_UDP', 'ALL_ICMP', 'ALL_ICMP6', 'always', 'sdwan', 'virtual-wan-link', 'FABRIC_DEVICE', 'SSLVPN_TUNNEL_ADDR1'];

/** The escaped body of a FortiOS string (without the quotes). */
export const fortiosEscape = (t: string): string => t.replace(/[\\"']/g, (c) => `\\${c}`);

/** A double-quoted, escaped string of at most `max` characters (cut before escaping). */
export function fortiosString(s: string, max = COMMENT_MAX): string {
  const t = printable(s);
  return `"${fortiosEscape(t.length <= max ? t : `${t.slice(0, max - 3)}...`)}"`;
}

/** A comment line of the file (not part of any command). */
export const fortiosComment = (s: string): string => `# ${printable(s)}`.trimEnd();

export const objectNames = (): Names => new Names(NAME_MAX, RESERVED);
export const policyNames = (): Names => new Names(POLICY_NAME_MAX, RESERVED);
export const zoneNameSpace = (): Names => new Names(ZONE_NAME_MAX, RESERVED);
