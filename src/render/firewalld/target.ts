/**
 * The firewalld target: a firewall-cmd script of rich rules for one host.
 * @module
 */
import type { Renderer } from '../types.js';
import { renderFirewalld, SUPPORTS } from './render.js';

export const firewalld: Renderer = {
  id: 'firewalld',
  names: ['firewall-cmd'],
  title: 'firewalld (firewall-cmd rich rules script): Linux host',
  kind: 'host',
  extension: 'sh',
  supports: SUPPORTS,
  docs: [
    'firewalld.richlanguage(5): https://man.archlinux.org/man/firewalld.richlanguage.5.en.txt',
    'Red Hat Enterprise Linux 7 Security Guide 5.15, Configuring Complex Firewall Rules with the "Rich Language" Syntax: https://docs.redhat.com/en/documentation/red_hat_enterprise_linux/7/html/security_guide/Configuring_Complex_Firewall_Rules_with_the_Rich-Language_Syntax',
    'firewall-cmd(1), firewalld.zone(5)',
    'POSIX Shell Command Language 2.2.2 Single-Quotes, 2.3 Token Recognition',
  ],
  render: renderFirewalld,
};
