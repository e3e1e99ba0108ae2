/**
 * ufw.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseUfwStatus } from './parse.js';

export const ufw: RulesetParser = {
  id: 'ufw',
  names: ['ufw-status'],
  title: 'ufw: `ufw status verbose` output',
  scopes: ['host', 'zone-firewall'],
  // The literal first (found fast): the anchored expression is slow to fail on a large file.
  detect: (text) => (text.includes('Status: ') && /^Status: (active|inactive)/m.test(text) && (/^To\s+Action\s+From/m.test(text) || /^Default:/m.test(text)) ? 0.95 : 0),
  parse: parseUfwStatus,
};
