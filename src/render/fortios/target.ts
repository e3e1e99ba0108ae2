/**
 * The Fortinet FortiOS (FortiGate) target: the zone firewall as CLI configuration.
 * @module
 */
import { ZONE_SUPPORTS } from '../_shared/zone.js';
import type { Renderer } from '../types.js';
import { renderFortios } from './render.js';

export const fortios: Renderer = {
  id: 'fortios',
  names: ['fortigate', 'fortinet'],
  title: 'Fortinet FortiOS 7.x (FortiGate): zones, addresses, custom services, firewall policies',
  kind: 'network',
  extension: 'fortios',
  supports: ZONE_SUPPORTS,
  docs: [
    'https://docs.fortinet.com/document/fortigate/6.0.0/cli-reference/491762/firewall-policy-policy6',
    'https://community.fortinet.com/t5/FortiGate/Technical-Tip-Consolidated-IPv4-and-IPv6-policies/ta-p/191945',
    'https://docs.fortinet.com/document/fortigate/6.0.0/handbook/473851/policy-names',
    'https://docs.fortinet.com/document/fortigate/6.0.0/cli-reference/799476/tips',
  ],
  render: renderFortios,
};
