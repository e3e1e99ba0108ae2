/**
 * The Palo Alto Networks PAN-OS target: the zone firewall as `set` commands.
 * @module
 */
import { ZONE_SUPPORTS } from '../_shared/zone.js';
import type { Renderer } from '../types.js';
import { renderPanos } from './render.js';

export const panos: Renderer = {
  id: 'panos',
  names: ['pan-os', 'paloalto', 'palo-alto'],
  title: 'Palo Alto Networks PAN-OS: set commands (zones, addresses, services, security rules)',
  kind: 'network',
  extension: 'panos',
  supports: ZONE_SUPPORTS,
  docs: [
    'https://docs.paloaltonetworks.com/network-security/security-policy/security-rules',
    'https://docs.paloaltonetworks.com/pan-os/11-1/pan-os-admin/policy/security-policy/components-of-a-security-policy-rule.html',
    'https://docs.paloaltonetworks.com/pan-os/10-1/pan-os-admin/policy/security-policy/create-a-security-policy-rule.html',
  ],
  render: renderPanos,
};
