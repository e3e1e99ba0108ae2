/**
 * Every ruleset format, in one explicit list, and format detection.
 * @module
 */
import type { Result } from '../../diag/diagnostic.js';
import type { Acl } from '../acl.js';
import { aws } from './aws/index.js';
import { azure } from './azure/index.js';
import { csv } from './csv/index.js';
import { firewalld } from './firewalld/index.js';
import { ip6tables, iptables } from './iptables/index.js';
import { nftables, nftablesJson } from './nftables/index.js';
import { ufw } from './ufw/index.js';
import { netsh, windowsJson } from './windows/index.js';
import type { ParseContext, RulesetParser } from './types.js';

export const parsers = [
  iptables,
  ip6tables,
  nftables,
  nftablesJson,
  windowsJson,
  netsh,
  ufw,
  firewalld,
  aws,
  azure,
  csv,
] as const satisfies readonly RulesetParser[];

export const findParser = (name: string): RulesetParser | undefined => parsers.find((p) => p.id === name || p.names.includes(name));

/** The format a text is most likely in, when one is clearly likely. */
export function detectFormat(text: string): RulesetParser | undefined {
  let best: RulesetParser | undefined;
  let score = 0;
  for (const p of parsers) {
    const s = p.detect(text);
    if (s > score) {
      best = p;
      score = s;
    }
  }
  return score >= 0.5 ? best : undefined;
}

/** Parses a ruleset in a named format, or the detected one (`auto`). */
export function parseRuleset(text: string, ctx: ParseContext, format = 'auto'): Result<Acl> & { parser?: RulesetParser } {
  const parser = format === 'auto' ? detectFormat(text) : findParser(format);
  if (!parser) {
    const names = parsers.map((p) => p.id).join(', ');
    return {
      ok: false,
      diagnostics: [
        format === 'auto'
          ? { code: 'AUDIT_UNKNOWN_FORMAT', severity: 'error', message: 'cannot tell the format of the ruleset', file: ctx.file, hint: `give --ruleset-format: ${names}` }
          : { code: 'AUDIT_UNKNOWN_FORMAT', severity: 'error', message: `unknown ruleset format '${format}'`, hint: `formats: auto, ${names}` },
      ],
    };
  }
  return { ...parser.parse(text, ctx), parser };
}
