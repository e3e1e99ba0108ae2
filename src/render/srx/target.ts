/**
 * The Juniper SRX (Junos) target: the zone firewall as `set` commands.
 * @module
 */
import { ZONE_SUPPORTS } from '../_shared/zone.js';
import type { Renderer } from '../types.js';
import { renderSrx } from './render.js';

export const srx: Renderer = {
  id: 'srx',
  names: ['junos', 'juniper-srx', 'juniper'],
  title: 'Juniper SRX (Junos): security zones, global address book, applications, security policies',
  kind: 'network',
  extension: 'srx',
  supports: ZONE_SUPPORTS,
  docs: [
    'https://www.juniper.net/documentation/en_US/release-independent/downloads/juniper-dvd-junos93.tgz:/tmp/tarfile_extract_tas6znfz/dvd-sw/techpubs/software/junos-es-swconfig-security/address-books-and-address-sets-overview.html',
    'http://www.juniper.net/techpubs/software/junos-security/junos-security96/junos-security-swconfig-security/understanding-policies.html',
    'Junos OS Security Policies User Guide for Security Devices (global address book, applications, application sets, default-policy)',
    'https://juniper.net/documentation/en_US/junos13.2/topics/concept/junos-cli-comment-character-usage-overview.html',
  ],
  render: renderSrx,
};
