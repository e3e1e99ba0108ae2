/**
 * The interface every ruleset parser implements, and what it is given.
 * @module
 */
import type { Result } from '../../diag/diagnostic.js';
import type { Deployment } from '../../model/types.js';
import type { Acl } from '../acl.js';

export interface ParseContext {
  /** The file name as the user gave it (diagnostics and rule references use it). */
  file: string;
  /** Skip what cannot be parsed, with a warning naming the line, instead of failing. */
  lenient: boolean;
  /** For names a format uses (service tags, LocalSubnet, host names in a CSV sheet). */
  deployment?: Deployment;
  /** The host the ruleset protects, when auditing one host. */
  host?: string;
}

export type AuditScopeKind = 'zone-firewall' | 'host';

export interface RulesetParser {
  id: string;
  /** Other names accepted by --ruleset-format. */
  names: readonly string[];
  title: string;
  /** The scopes a ruleset of this format can protect. */
  scopes: readonly AuditScopeKind[];
  /** How sure we are that a text is in this format, from 0 (not at all) to 1. */
  detect(text: string): number;
  parse(text: string, ctx: ParseContext): Result<Acl>;
}
