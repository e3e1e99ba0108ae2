/**
 * The nftables formats: `nft list ruleset` text (and nft -f files), and `nft -j list ruleset`.
 * @module
 */
import type { RulesetParser } from '../types.js';
import { parseNftJson } from './json.js';
import { parseNftText } from './text.js';

export const nftables: RulesetParser = {
  id: 'nftables',
  names: ['nft', 'nftables-text'],
  title: 'nftables: `nft list ruleset` output or an nft -f file',
  scopes: ['zone-firewall', 'host'],
  detect: (text) => (/^\s*table\s+(?:(?:ip|ip6|inet|bridge|arp|netdev)\s+)?\S+\s*\{/m.test(text) ? 0.9 : /^\s*(add|insert)\s+rule\s/m.test(text) ? 0.6 : 0),
  parse: parseNftText,
};

export const nftablesJson: RulesetParser = {
  id: 'nftables-json',
  names: ['nft-json', 'nft -j'],
  title: 'nftables JSON: `nft -j list ruleset`',
  scopes: ['zone-firewall', 'host'],
  detect: (text) => (/^\s*\{\s*"nftables"\s*:/.test(text) ? 0.98 : 0),
  parse: parseNftJson,
};
