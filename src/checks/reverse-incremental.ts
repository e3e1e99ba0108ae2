/**
 * The deprecated reverse incremental backup method.
 * @module
 */
import { ANALYZER_PARAMETERS, declaredFlag } from './_helpers.js';
import type { Check } from './types.js';

export const reverseIncremental: Check = {
  id: 'reverse-incremental',
  title: 'Reverse incremental backup mode is deprecated and should be avoided',
  severity: 'low',
  source: ANALYZER_PARAMETERS,
  seeAlso: [{ page: 'hardened_repository_limitations.md', section: 'Repository' }],
  analyzer: 'Reverse incremental backup mode is deprecated and should be avoided',
  recommendation: 'Use the forward incremental backup method (with active or synthetic fulls on hardened repositories), then declare security.reverse-incremental: false.',
  run: (d) => declaredFlag(d, 'reverse-incremental', false),
};
