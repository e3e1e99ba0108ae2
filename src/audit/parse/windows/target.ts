/**
 * The Windows Firewall formats: the JSON export (`vbrwall export-script windows`) and netsh.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseWindowsJson } from './json.js';
import { parseNetsh } from './netsh.js';

export const windowsJson: RulesetParser = {
  id: 'windows',
  names: ['windows-json', 'powershell', 'get-netfirewallrule'],
  title: 'Windows Firewall rules as JSON (`vbrwall export-script windows`)',
  scopes: ['host'],
  // A quote first (found fast): a file with none is no JSON export.
  detect: (text) => (text.includes('"') && /"(DisplayName|Direction)"\s*:/.test(text) && /"Action"\s*:/.test(text) ? 0.95 : 0),
  parse: parseWindowsJson,
};

export const netsh: RulesetParser = {
  id: 'netsh',
  names: ['netsh-advfirewall'],
  title: 'Windows Firewall: `netsh advfirewall firewall add rule` scripts or `show rule name=all verbose` output',
  scopes: ['host'],
  // The word first: the anchored expression is slow to fail on a large file of another format.
  detect: (text) => (/firewall/i.test(text) && /^\s*(netsh\s+)?(advfirewall\s+)?firewall\s+add\s+rule\b/im.test(text) ? 0.95 : /^\s*Rule Name:/m.test(text) && /^\s*Direction:/m.test(text) ? 0.9 : 0),
  parse: parseNetsh,
};
