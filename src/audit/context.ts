/**
 * What the analyses of one audit share.
 * @module
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Plan } from '../plan/types.js';
import type { Acl, Hook } from './acl.js';
import type { Cover } from './cover.js';
import type { Engine } from './engine.js';
import type { AuditScope, Geometry, ScopedFlow } from './scope.js';

export interface AuditContext {
  plan: Plan;
  acl: Acl;
  engine: Engine;
  geo: Geometry;
  scope: AuditScope;
  /** The flows the ruleset filters. */
  flows: ScopedFlow[];
  /**
   * The hook whose new connections the excess analysis looks at: forward for a zone firewall,
   * input for a host (outbound allow-all is the norm on hosts and exposes nothing).
   */
  hook: Hook;
  /** The plan's space in that hook, as rules may name it. */
  cover: Cover;
  diagnostics: Diagnostic[];
}

/** Caps that keep a pathological ruleset from running for minutes; hitting one is reported. */
export const BUDGET = {
  /** Pieces of one rule's excess space. */
  excessPieces: 20_000,
  /** Earlier rules looked at to decide whether a rule is shadowed. */
  shadowCandidates: 4_000,
  /** Pieces while subtracting earlier rules from one rule. */
  shadowPieces: 5_000,
} as const;
