/**
 * Where the seed article and the official v13 pages disagree. The catalog follows the official
 * page; these records say what the article got wrong.
 * @module
 */
import type { Erratum } from './types.js';

export const ERRATA: readonly Erratum[] = [];
