/**
 * Terraform (HCL) and AWS quoting: the only place input text (zone, host and deployment names,
 * purposes, page sections) enters the AWS output. The Azure target reuses the HCL half.
 *
 * - HCL quoted strings: `\` and `"` are escaped, and so are the template sequences `${` and `%{`
 *   (written `$${` and `%%{`), so no input can start an interpolation or directive; control
 *   characters become `\n`, `\r`, `\t` or `\uNNNN` (HCL native syntax spec, "Template
 *   Expressions" and "Template Literals").
 * - HCL comments are `#` to the end of the line: one printable ASCII line.
 * - HCL identifiers (resource names) are letters, digits, `_` and `-`, starting with a letter or
 *   `_`; derived deterministically and made unique, with a hash whenever the input was changed.
 * - AWS security group names, group and rule descriptions allow only `a-zA-Z0-9`, space and
 *   `._-:/()#,@[]+=;{}!$*` (EC2 API CreateSecurityGroup / IpRange Description; `&` is allowed for
 *   some fields only, so it is never used), up to 255 characters.
 * @module
 */
import { shortHash } from '../../policy/objects.js';
import { asciiOnly, clip, oneLine } from '../_shared/text.js';

const NEEDS_ESCAPE = /[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029]|[$%]\{/;

/** An HCL double-quoted string literal that can hold any text, and nothing more. */
export function hclString(s: string): string {
  // Most text needs no escape at all: return it as it is (same result, without the loop).
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  // `$${` and `%%{` are HCL's escapes for a literal `${` and `%{`.
  return `"${out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{')}"`;
}

/** Common typography spelled in ASCII before anything else is replaced. */
export const asciiTypography = (s: string): string => (NON_ASCII.test(s) ? typography(s) : s);
const NON_ASCII = /[^\x00-\x7f]/;
const typography = (s: string): string => s.replace(/§/g, '#').replace(/→/g, '->').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, '-');

/** Printable ASCII words with single spaces between them: what hclComment() leaves as it is. */
const COMMENT_CLEAN = /^(?:[\x21-\x7e]+(?: [\x21-\x7e]+)*)?$/;

/** Text for a `#` comment line: one line of printable ASCII. */
export const hclComment = (s: string): string => (COMMENT_CLEAN.test(s) ? s : asciiOnly(asciiTypography(s)));

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Deterministic, unique HCL identifiers (resource and block labels). */
export class IdentAllocator {
  private readonly used = new Set<string>();
  constructor(private readonly max = 120) {}

  /** A legal identifier for `name`: unchanged when it is already legal, else cleaned and hashed. */
  take(name: string): string {
    let base = name;
    // A legal name (no `__` either, which the cleaning would fold) is taken as it is.
    if (!(IDENT.test(name) && !name.includes('__') && name.length <= this.max)) {
      base = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/_+/g, '_');
      if (!/^[A-Za-z_]/.test(base)) base = `r_${base}`;
      if (base !== name || base.length > this.max) base = `${base.slice(0, this.max - 8).replace(/[_-]+$/, '')}_${shortHash(name)}`;
    }
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}_${i}`;
    this.used.add(id);
    return id;
  }
}

/** Characters AWS allows in security group names and descriptions (`&` left out: not every field takes it). */
const AWS_OTHER = /[^A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]/;
const AWS_OTHER_ALL = /[^A-Za-z0-9 ._\-:/()#,@[\]+=;{}!$*]/gu;

const AWS_REPLACE: Record<string, string> = { '&': 'and', '>': ' ', '<': ' ', '|': '/', '~': '-', '%': ' pct', '?': ' ', "'": '', '"': '', '`': '' };

/** Text AWS accepts in a security group name or description: its charset only, at most `max` characters. */
const TEXT_CACHE = new Map<string, string>();

export function awsText(s: string, max = 255): string {
  // The same purposes repeat on every CIDR and port entry of a rule: legalise each text once.
  const key = `${max}\u0000${s}`;
  const hit = TEXT_CACHE.get(key);
  if (hit !== undefined) return hit;
  if (TEXT_CACHE.size > 50000) TEXT_CACHE.clear();
  const out = awsTextUncached(s, max);
  TEXT_CACHE.set(key, out);
  return out;
}

/** awsText without the cache, for text that does not repeat. */
export function awsTextUncached(s: string, max = 255): string {
  // Long text (a rule's purposes) is cut far above the limit first: what the cut changes sits at
  // the cut, after the part that is kept (see the property test).
  if (s.length > 2 * max + 32) {
    const head = legaliseAws(s.slice(0, 2 * max));
    if (head.length > max + 16) return clip(head, max);
  }
  return clip(legaliseAws(s), max);
}

/** The AWS charset on one line, without the length limit. */
export function legaliseAws(s: string): string {
  let plain = oneLine(asciiTypography(s));
  // oneLine() leaves no space but single ones between words: only the steps below can make more.
  let changed = false;
  if (NON_ASCII.test(plain)) {
    plain = plain.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    changed = true;
  }
  // One replacement per code point, as a for...of loop over the text would make.
  if (AWS_OTHER.test(plain)) {
    plain = plain.replace(AWS_OTHER_ALL, (ch) => AWS_REPLACE[ch] ?? '_');
    changed = true;
  }
  return changed ? plain.replace(/\s+/g, ' ').trim() : plain;
}

/** An AWS security group name: `vbrwall-<slug>`; it cannot start with `sg-`. */
export const awsGroupName = (slugged: string): string => awsText(`vbrwall-${slugged}`, 255);
