/**
 * The generic CSV rule sheet.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseCsv } from './parse.js';

export const csv: RulesetParser = {
  id: 'csv',
  names: ['sheet'],
  title: 'CSV rule sheet: source, destination, protocol, ports, action (first match wins)',
  scopes: ['zone-firewall', 'host'],
  detect: (text) => {
    const first = (text.split('\n', 1)[0] ?? '').toLowerCase();
    return /\b(source|src)\b/.test(first) && /\b(destination|dst|dest)\b/.test(first) && /[,;]/.test(first) ? 0.85 : 0;
  },
  parse: parseCsv,
};
