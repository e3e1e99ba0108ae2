/**
 * iptables-restore quoting, the only place input text enters an iptables-save file.
 * - Arguments: iptables-restore splits a rule line into words itself (iptables/xshared.c
 *   `add_param_to_argv`): inside `"…"` a backslash escapes the next character and `"` ends the
 *   word; outside quotes, space, tab and newline end it. A quoted word therefore holds any text
 *   once `\` and `"` are escaped; `'` is escaped as well, as iptables-save prints it, so that a
 *   save of the loaded rules gives the same bytes.
 * - `--comment` holds at most 255 characters (XT_MAX_COMMENT_LEN is 256 with the NUL; the
 *   libxt_comment tests fail at 256); non-ASCII becomes `?` so characters equal bytes.
 * - `#` lines are skipped by the parser up to the newline. The parser reads lines with
 *   `fgets(buffer, 10240)`: a longer line would go on as a new line, so comment lines are cut
 *   well below that, and a line break inside a name can never start a rule.
 * @module
 */
import { asciiOnly, clip, oneLine } from '../_shared/text.js';

export const COMMENT_MAX = 255;
export const COMMENT_LINE_MAX = 1000;

/** Text for a `#` comment line: one line, cut at 1000 characters. */
export const iptComment = (s: string): string => clip(oneLine(s), COMMENT_LINE_MAX);

/** A double-quoted word for `--comment`: printable ASCII, at most 255 characters. */
export const iptString = (s: string): string => `"${clip(asciiOnly(s), COMMENT_MAX).replace(/["'\\]/g, (c) => `\\${c}`)}"`;
