/**
 * The Cisco ASA target: the zone firewall as ASA 9.x configuration commands.
 * @module
 */
import type { Renderer } from '../types.js';
import { renderAsa } from './render.js';
import { ZONE_SUPPORTS } from '../_shared/zone.js';

export const asa: Renderer = {
  id: 'asa',
  names: ['cisco-asa'],
  title: 'Cisco ASA 9.x: objects, object groups, one inbound ACL per zone interface',
  kind: 'network',
  extension: 'asa',
  supports: ZONE_SUPPORTS,
  docs: [
    'https://www.cisco.com/c/en/us/td/docs/security/asa/asa917/configuration/firewall/asa-917-firewall-config/access-objects.html',
    'https://www.cisco.com/c/en/us/td/docs/security/asa/asa919/configuration/firewall/asa-919-firewall-config/access-rules.html',
    'Cisco ASA Series Firewall CLI Configuration Guide: Access Control Lists (extended ACEs, remarks)',
  ],
  render: renderAsa,
};
