/**
 * `vbrwall targets`: the registry, with capabilities.
 * @module
 */
import { renderers } from '../../render/registry.js';
import { oneOf } from '../common.js';
import { EXIT } from '../exit.js';
import type { CommandContext } from '../io.js';

export async function run({ io, values }: CommandContext): Promise<number> {
  const format = oneOf(values, 'format', ['table', 'json'] as const, 'table');
  const rows = renderers.map((r) => ({ id: r.id, names: r.names, title: r.title, kind: r.kind, extension: r.extension, supports: r.supports }));
  if (format === 'json') io.stdout(JSON.stringify({ targets: rows }, null, 2) + '\n');
  else {
    const w = Math.max(...rows.map((r) => r.id.length));
    io.stdout(rows.map((r) => `${r.id.padEnd(w)}  ${r.kind.padEnd(8)}  ${r.supports.scopes.join(',').padEnd(18)}  ${r.supports.ipv6 ? 'ipv6' : '    '}  ${r.supports.fqdn ? 'fqdn' : '    '}  ${r.title}`).join('\n') + '\n');
  }
  return EXIT.OK;
}
