/**
 * Exit codes, named once.
 * @module
 */
export const EXIT = {
  OK: 0,
  /** Findings: blocked flows, failed checks, filtered probes. */
  FINDINGS: 1,
  /** Bad input: arguments, files, syntax. */
  BAD_INPUT: 2,
  /** The command cannot run here (not root, tool missing). */
  UNAVAILABLE: 3,
  INTERNAL: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A user mistake the CLI reports without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}
