/**
 * firewalld.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseFirewalld } from './parse.js';

export const firewalld: RulesetParser = {
  id: 'firewalld',
  names: ['firewall-cmd'],
  title: 'firewalld: `firewall-cmd --list-all-zones` output',
  scopes: ['host'],
  detect: (text) => (/^\s+target:\s/m.test(text) && /^\s+services:/m.test(text) && /^\s+ports:/m.test(text) ? 0.95 : 0),
  parse: parseFirewalld,
};
