/**
 * Every target, in one explicit list. The CLI, help and web page read it; nothing self-registers.
 * @module
 */
import { aerleon } from './aerleon/index.js';
import { asa } from './asa/index.js';
import { aws } from './aws/index.js';
import { azure } from './azure/index.js';
import { csv } from './csv/index.js';
import { dot } from './dot/index.js';
import { firewalld } from './firewalld/index.js';
import { fortios } from './fortios/index.js';
import { html } from './html/index.js';
import { iptables } from './iptables/index.js';
import { md } from './md/index.js';
import { mermaid } from './mermaid/index.js';
import { nftables } from './nftables/index.js';
import { panos } from './panos/index.js';
import { srx } from './srx/index.js';
import { svg } from './svg/index.js';
import { ufw } from './ufw/index.js';
import { windows } from './windows/index.js';
import { xlsx } from './xlsx/index.js';
import type { Renderer } from './types.js';

export const renderers = [
  nftables,
  iptables,
  firewalld,
  ufw,
  windows,
  asa,
  panos,
  fortios,
  srx,
  aws,
  azure,
  aerleon,
  csv,
  xlsx,
  md,
  html,
  mermaid,
  dot,
  svg,
] as const satisfies readonly Renderer[];

export const findRenderer = (name: string): Renderer | undefined =>
  renderers.find((r) => r.id === name || r.names.includes(name));

export const targetNames = (): string[] => renderers.map((r) => r.id);
