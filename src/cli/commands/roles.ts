/**
 * `vbrwall roles`: the roles a host can have.
 * @module
 */
import { ROLES, ROLE_NAMES } from '../../catalog/roles.js';
import { CATALOG } from '../../catalog/index.js';
import { oneOf } from '../common.js';
import { EXIT } from '../exit.js';
import type { CommandContext } from '../io.js';
import { select } from '../../plan/defaults.js';

export async function run({ io, values }: CommandContext): Promise<number> {
  const format = oneOf(values, 'format', ['table', 'json'] as const, 'table');
  const rows = ROLE_NAMES.map((r) => ({ role: r, description: ROLES[r].description, ...(ROLES[r].os ? { os: ROLES[r].os } : {}), flows: countFlows(r) }));
  if (format === 'json') io.stdout(JSON.stringify({ roles: rows }, null, 2) + '\n');
  else {
    const w = Math.max(...ROLE_NAMES.map((r) => r.length));
    io.stdout(rows.map((r) => `${r.role.padEnd(w)}  ${r.description}`).join('\n') + '\n');
  }
  return EXIT.OK;
}

/** Catalog entries that can involve a role (as source or destination). */
function countFlows(role: (typeof ROLE_NAMES)[number]): number {
  const probe = { hosts: [{ name: 'x', kind: 'host', zone: 'z', addresses: [], roles: [role], transport: ['network'], appliance: false }] } as unknown as Parameters<typeof select>[0];
  return CATALOG.filter((e) => [...e.from, ...e.to].some((s) => select(probe, s).hosts.length > 0)).length;
}
