/**
 * The iptables target: iptables-save files (IPv4, and IPv6 for ip6tables-restore).
 * @module
 */
import type { Renderer } from '../types.js';
import { renderIptables } from './render.js';

export const iptables: Renderer = {
  id: 'iptables',
  names: ['iptables-save', 'iptables-restore', 'ip6tables'],
  title: 'iptables-save (iptables-restore, ip6tables-restore): Linux host or router',
  kind: 'host',
  extension: 'rules',
  supports: { scopes: ['zone-firewall', 'host'], ipv6: true, fqdn: false, outbound: true, any: true },
  docs: [
    'iptables-restore(8): https://manpages.ubuntu.com/manpages/xenial/man8/iptables-restore.8.html',
    'iptables-extensions(8) multiport: https://android.googlesource.com/platform/external/iptables/+/84e5e86/extensions/libxt_multiport.man',
    'iptables-extensions(8) comment (255 characters pass, 256 fail): https://android.googlesource.com/platform/external/iptables/+/refs/heads/android14-dev/extensions/libxt_comment.t',
    'iptables source iptables/xshared.c add_param_to_argv: how iptables-restore splits and unquotes words',
  ],
  render: renderIptables,
};
