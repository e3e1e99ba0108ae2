/**
 * The yaml package, loaded on first use. A deployment is read by js-yaml's fast path; yaml (every
 * node with its position) is needed only when a message points into the file, and loading it is
 * about 20 ms of start-up that `audit`, `render` and `plan` of a good file need not pay.
 * @module
 */
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

let mod: typeof Yaml | undefined;

/** The yaml module (the same instance an `import` of it gives). */
export const yaml = (): typeof Yaml => (mod ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
