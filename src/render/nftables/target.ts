/**
 * The nftables target.
 * @module
 */
import type { Renderer } from '../types.js';
import { renderNftables } from './render.js';

export const nftables: Renderer = {
  id: 'nftables',
  names: ['nft'],
  title: 'nftables (nft -f): Linux host or router',
  kind: 'host',
  extension: 'nft',
  supports: { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true },
  docs: ['https://wiki.nftables.org/wiki-nftables/index.php/Quick_reference-nftables_in_10_minutes', 'nft(8)'],
  render: renderNftables,
};
