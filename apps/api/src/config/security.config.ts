import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envString } from './env-parsers';

// Unset secrets are generated once into DATA_DIR outside production (see secrets-store.ts).
export const securityConfig = defineConfig(
  'security',
  z.object({
    JWT_SECRET: envString()
      .refine((v) => v.length >= 32, 'must be at least 32 characters')
      .optional(),
    ENCRYPTION_KEY: envString()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
      .optional(),
    // The key ENCRYPTION_KEY replaced, during a rotation: secrets still under it stay readable until
    // `npm run rotate-encryption-key` has re-encrypted them. Remove it afterwards.
    ENCRYPTION_KEY_PREVIOUS: envString()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
      .optional(),
    // Key of the keyed hashes that name an erased person (suppression list, audit entries). Unset: derived
    // from ENCRYPTION_KEY, so set it before ever rotating that key, or the suppression list stops matching.
    PRIVACY_HASH_KEY: envString()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded as base64')
      .optional(),
  }),
);

export type SecurityConfig = ConfigOf<typeof securityConfig>;
