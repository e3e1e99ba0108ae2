/**
 * Catalog entries transcribed from the official reference (see SOURCES below).
 * @module
 */
import type { CatalogEntry } from '../types.js';

export const ahv: readonly CatalogEntry[] = [];
