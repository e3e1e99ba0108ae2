/**
 * The flow catalog: every documented flow, from the official pages, in one list.
 * Adding a page is adding a data file under pages/ and one line here.
 * @module
 */
import type { CatalogEntry } from './types.js';
import { usedPortsCore } from './pages/used-ports-core.js';
import { usedPortsPlatforms } from './pages/used-ports-platforms.js';
import { agents } from './pages/agents.js';
import { cloud } from './pages/cloud.js';
import { em } from './pages/em.js';
import { pve } from './pages/pve.js';
import { ahv } from './pages/ahv.js';

export const CATALOG: readonly CatalogEntry[] = [
  ...usedPortsCore,
  ...usedPortsPlatforms,
  ...agents,
  ...cloud,
  ...em,
  ...pve,
  ...ahv,
];

export { ERRATA } from './errata.js';
export * from './roles.js';
export * from './types.js';

const BY_ID = new Map(CATALOG.map((e) => [e.id, e]));
export const catalogEntry = (id: string): CatalogEntry | undefined => BY_ID.get(id);
