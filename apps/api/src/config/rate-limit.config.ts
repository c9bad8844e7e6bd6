import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envInt, envString } from './env-parsers';

// Budgets per minute. With REDIS_URL every replica shares them; without, each process counts alone.
export const rateLimitConfig = defineConfig(
  'rateLimit',
  z.object({
    REDIS_URL: envString()
      .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), 'must be a redis:// or rediss:// URL')
      .optional(),
    RATE_LIMIT_DEFAULT: envInt(1, 1_000_000).default(600),
    RATE_LIMIT_LOGIN: envInt(1, 10_000).default(10),
    RATE_LIMIT_API_KEY: envInt(1, 1_000_000).default(1200),
    RATE_LIMIT_PUBLIC: envInt(1, 10_000).default(10),
    RATE_LIMIT_AUTH_FAILURE: envInt(1, 1_000_000).default(60),
    // Per webhook connection (all senders together): a scheduler's burst, not a flood.
    RATE_LIMIT_WEBHOOK: envInt(1, 1_000_000).default(1200),
  }),
);

export type RateLimitConfig = ConfigOf<typeof rateLimitConfig>;
