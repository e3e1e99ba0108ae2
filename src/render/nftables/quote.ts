/**
 * nftables quoting. nft strings are `"…"` with no escape for `"`, so quotes, backslashes and
 * control characters are removed; `#` comment lines end at a newline, so newlines are removed.
 * Rule comments are limited to 128 bytes by the kernel (NFT_USERDATA_MAXLEN is 256, nft
 * enforces 128 for comments).
 * @module
 */
import { asciiOnly, clip, oneLine } from '../_shared/text.js';

export const nftComment = (s: string): string => oneLine(s);

export const nftString = (s: string): string => `"${clip(asciiOnly(s).replace(/["\\]/g, "'"), 120)}"`;
