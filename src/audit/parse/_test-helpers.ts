/**
 * Shared by the parser tests: fixture texts and the offset of a piece of text (to assert ranges).
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFixture, ROOT } from '../../../test/helpers.js';
import type { Acl } from '../acl.js';
import type { ParseContext } from './types.js';

export const auditFixture = (name: string): string => readFileSync(join(ROOT, 'test', 'fixtures', 'audit', name), 'utf8');

export const ctxFor = (file: string, extra: Partial<ParseContext> = {}): ParseContext => ({ file, lenient: false, deployment: loadFixture('four-zone'), ...extra });

/** [start, end) of the first occurrence of `needle` in `text` (after `after`, when given). */
export function at(text: string, needle: string, after = ''): [number, number] {
  const from = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`'${needle}' is not in the text`);
  return [i, i + needle.length];
}

/** Rules of a chain as short descriptions, for assertions. */
export const actions = (acl: Acl, chain: string): string[] => acl.chains.get(chain)!.rules.map((r) => `${r.action}${r.target ? ` ${r.target}` : ''}`);
