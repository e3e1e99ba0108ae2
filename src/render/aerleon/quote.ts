/**
 * Aerleon quoting: the only place input text enters the Aerleon files.
 * - YAML: every string is written by the `yaml` package as a double-quoted scalar (with escapes),
 *   so no input can become a key, a list or a second document. That is not enough on its own:
 *   Aerleon copies term and header comments verbatim into what its generators write (`comment
 *   "…"` in nftables, `/* … *\/` in Junos SRX, quoted strings in FortiOS), so comment text is made
 *   one printable ASCII line per comment line, with `"` → `'`, `\` → `/` and `/*`, `*\/` broken up.
 * - Names the policy language restricts are derived deterministically and uniquely:
 *   network and service tokens `[A-Z0-9_]` starting with a letter (Aerleon naming `token_re`,
 *   upper case by convention); term names `[A-Za-z0-9_-]`, at most 48 characters (a PAN-OS service
 *   is named `service-<term>-<protocol>`, at most 63); zone names `[A-Za-z0-9_.-]`, at most 31
 *   characters (PAN-OS zones), never a word the srx or paloalto header options reserve.
 * @module
 */
import { shortHash, slug } from '../../policy/objects.js';
import { asciiOnly } from '../_shared/text.js';
import { asciiTypography } from '../aws/quote.js';

/** Anything the replacements of aerleonText() would change (`/*` and `*\/` both hold a `*`). */
const COMMENT_SPECIAL = /["\\*]/;

const PRINTABLE_WORDS = /^(?:[\x21-\x7e]+(?: [\x21-\x7e]+)*)?$/;

/** One comment line Aerleon can pass on to any generator. */
export function aerleonText(s: string): string {
  // Printable ASCII words with single spaces are what asciiOnly(asciiTypography()) leaves as they are.
  const line = PRINTABLE_WORDS.test(s) ? s : asciiOnly(asciiTypography(s));
  // Most text has none of the characters below: it is the line as it is.
  if (!COMMENT_SPECIAL.test(line)) return line;
  return line
    .replace(/"/g, "'")
    .replace(/\\/g, '/')
    .replace(/\*\//g, '* /')
    .replace(/\/\*/g, '/ *');
}

/** Comment lines of at most `width` characters, cut at spaces (a longer word stays whole). */
export function wrap(text: string, width: number): string[] {
  const words = aerleonText(text);
  // aerleonText() gives words with single spaces between them: a short text is its one line.
  if (words.length <= width) return words ? [words] : [];
  const out: string[] = [];
  let line = '';
  for (const word of words.split(' ')) {
    if (!word) continue;
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

/** Unique names for one namespace; `legalize` maps any text to a legal name. */
class Allocator {
  private readonly used = new Set<string>();
  constructor(
    private readonly legalize: (s: string) => string,
    private readonly suffix: (base: string, i: number) => string,
  ) {}
  take(name: string): string {
    const base = this.legalize(name);
    let out = base;
    for (let i = 2; this.used.has(out.toLowerCase()); i++) out = this.suffix(base, i);
    this.used.add(out.toLowerCase());
    return out;
  }
}

const TOKEN_MAX = 40;
const TERM_MAX = 48;
const ZONE_MAX = 31;

/** A network or service token: `[A-Z0-9_]`, starting with a letter. */
export function legalToken(name: string): string {
  let t = name.toUpperCase().replace(/[^A-Z0-9_]+/g, '_');
  if (!/^[A-Z]/.test(t)) t = `N_${t}`;
  return t.length <= TOKEN_MAX ? t : `${t.slice(0, TOKEN_MAX - 8)}_${shortHash(name).toUpperCase()}`;
}

export const tokenAllocator = (): Allocator => new Allocator(legalToken, (b, i) => `${b.slice(0, TOKEN_MAX - 4)}_${i}`);

/** A term name: unchanged when legal, else cleaned and hashed. */
export function legalTerm(name: string): string {
  if (/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name) && name.length <= TERM_MAX) return name;
  const base = name
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, TERM_MAX - 8)
    .replace(/[-_]+$/, '');
  return `${base || 't'}-${shortHash(name)}`;
}

export const termAllocator = (): Allocator => new Allocator(legalTerm, (b, i) => `${b.slice(0, TERM_MAX - 4)}-${i}`);

/** Words the srx and paloalto header options give a meaning of their own. */
const RESERVED = new Set(['all', 'any', 'inet', 'inet6', 'mixed', 'from-zone', 'to-zone', 'addr-obj', 'no-addr-obj', 'unique-term-prefixes', 'address-book-zone', 'address-book-global', 'expresspath', 'noverbose']);

/** A zone name for a header: the name itself when it is a legal word, else a slug with a hash. */
export function legalZone(name: string): string {
  const z = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name) && name.length <= ZONE_MAX ? name : slug(name, ZONE_MAX);
  return RESERVED.has(z.toLowerCase()) ? `${z}-zone` : z;
}

export const zoneAllocator = (): Allocator => new Allocator(legalZone, (b, i) => `${b.slice(0, ZONE_MAX - 3)}-${i}`);
