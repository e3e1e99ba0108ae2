/**
 * Every target, in one explicit list. The CLI, help and web page read it; nothing self-registers.
 * @module
 */
import { nftables } from './nftables/index.js';
import type { Renderer } from './types.js';

export const renderers = [
  nftables,
] as const satisfies readonly Renderer[];

export const findRenderer = (name: string): Renderer | undefined =>
  renderers.find((r) => r.id === name || r.names.includes(name));

export const targetNames = (): string[] => renderers.map((r) => r.id);
