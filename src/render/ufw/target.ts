/**
 * The ufw target: a script of `ufw allow` commands for one host.
 * @module
 */
import type { Renderer } from '../types.js';
import { renderUfw, SUPPORTS } from './render.js';

export const ufw: Renderer = {
  id: 'ufw',
  names: ['uncomplicated-firewall'],
  title: 'ufw (Uncomplicated Firewall script): Linux host',
  kind: 'host',
  extension: 'sh',
  supports: SUPPORTS,
  docs: [
    'ufw(8): http://manpages.ubuntu.com/manpages/precise/en/man8/ufw.8.html',
    'ufw 0.36 source: ufw/parser.py (comment may not contain \'), ufw/common.py set_port (15 ports, a range counts as two)',
    'POSIX Shell Command Language 2.2.2 Single-Quotes',
  ],
  render: renderUfw,
};
