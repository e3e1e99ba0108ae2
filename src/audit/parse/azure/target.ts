/**
 * Azure network security groups.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseAzureNsg } from './parse.js';

export const azure: RulesetParser = {
  id: 'azure',
  names: ['azure-nsg', 'nsg'],
  title: 'Azure NSG rules: `az network nsg show` / `az network nsg rule list` JSON',
  scopes: ['zone-firewall', 'host'],
  // A quote first (found fast): a file with none is no JSON export.
  detect: (text) => (!text.includes('"') ? 0 : /"(securityRules|defaultSecurityRules)"\s*:/.test(text) ? 0.95 : /"destinationAddressPrefix(es)?"\s*:/.test(text) && /"access"\s*:/.test(text) ? 0.9 : 0),
  parse: parseAzureNsg,
};
