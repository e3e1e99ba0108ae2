/**
 * Azure quoting: the only place input text enters the Azure output. HCL strings, comments and
 * identifiers are the AWS target's (one HCL syntax); Azure adds its own name and description rules:
 * - network security group and security rule names: 1-80 characters, letters, digits, `_`, `.`
 *   and `-`, starting with a letter or digit and ending with a letter, digit or `_` (Azure
 *   resource naming rules, Microsoft.Network "networkSecurityGroups" and "securityRules");
 * - rule descriptions: at most 140 characters (azurerm `security_rule.description`).
 * @module
 */
import { shortHash } from '../../policy/objects.js';
import { asciiOnly, clip } from '../_shared/text.js';
import { asciiTypography } from '../aws/quote.js';

export { hclComment, hclString, IdentAllocator } from '../aws/quote.js';

export const DESCRIPTION_MAX = 140;
const NAME_MAX = 80;

/** A rule description: one ASCII line of at most 140 characters. */
export const azureDescription = (s: string): string => clip(asciiOnly(asciiTypography(s)), DESCRIPTION_MAX);

/** A legal Azure name for `name`: unchanged when already legal, else cleaned and hashed. */
export function azureName(name: string): string {
  const legal = (s: string): boolean => s.length <= NAME_MAX && /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(s);
  if (legal(name)) return name;
  const base = name
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, NAME_MAX - 8)
    .replace(/[.-]+$/, '');
  return `${base || 'x'}_${shortHash(name)}`;
}

/** Unique Azure names (Azure compares names without regard to case). */
export class NameAllocator {
  private readonly used = new Set<string>();
  take(name: string): string {
    const base = azureName(name);
    let out = base;
    for (let i = 2; this.used.has(out.toLowerCase()); i++) out = azureName(`${base.slice(0, NAME_MAX - 4)}_${i}`);
    this.used.add(out.toLowerCase());
    return out;
  }
}
