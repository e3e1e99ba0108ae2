/**
 * Declared security settings (`security:` in the deployment file), for the hardening checks.
 * Every field is optional: a check whose field is absent answers `unable-to-detect`.
 * @module
 */
import { z } from 'zod';

export const SecuritySettings = z
  .looseObject({})
  .describe('Declared security settings for `vbrwall check`.');

export type SecuritySettings = z.output<typeof SecuritySettings>;
