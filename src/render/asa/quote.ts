/**
 * Cisco ASA quoting. ASA text fields (`remark`, `description`) run unquoted to the end of the
 * line, so input text is made one line of printable ASCII; `?` is left out because it opens the
 * CLI help when the configuration is pasted. A remark holds at most 100 characters and a
 * description 200 ("Add Remarks to ACLs", "Configure a Network Object"). Object names are at most
 * 64 characters and nameifs 48; both are derived from ids (zone-common.ts `Names`).
 * @module
 */
import { Names, printable, wrap } from '../_shared/zone.js';

export const REMARK_MAX = 100;
export const DESCRIPTION_MAX = 200;
export const OBJECT_NAME_MAX = 64;
export const NAMEIF_MAX = 48;

/** Names the ASA reads as keywords where an object or interface name may stand. */
export const RESERVED = ['any', 'any4', 'any6', 'host', 'object', 'object-group', 'interface', 'range', 'eq', 'log'];

/** Remark lines for a text (wrapped, each at most 100 characters). */
export const asaRemarks = (s: string): string[] => wrap(printable(s), REMARK_MAX);

/** A description: one line, at most 200 characters, cut deterministically. */
export const asaDescription = (s: string): string => {
  const t = printable(s);
  return t.length <= DESCRIPTION_MAX ? t : `${t.slice(0, DESCRIPTION_MAX - 3)}...`;
};

/** A comment line (`!` starts a comment in ASA configuration text). */
export const asaComment = (s: string): string => `! ${printable(s)}`.trimEnd();

export const objectNames = (): Names => new Names(OBJECT_NAME_MAX, RESERVED);
export const nameifNames = (): Names => new Names(NAMEIF_MAX, RESERVED);
