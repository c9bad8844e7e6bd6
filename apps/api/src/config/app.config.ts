import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envBool, envBytes, envEnum, envInt, envList, envString } from './env-parsers';

export const appConfig = defineConfig(
  'app',
  z.object({
    NODE_ENV: envEnum(['development', 'production', 'test']).default('development'),
    HOST: envString().default('0.0.0.0'),
    PORT: envInt(0, 65535).default(3000),
    PUBLIC_URL: envString()
      .refine((v) => URL.canParse(v), 'must be an absolute URL such as https://leads.example.com')
      .optional(),
    DATA_DIR: envString().default('./.data'),
    LOG_LEVEL: envEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    LOG_FORMAT: envEnum(['json', 'pretty']).optional(),
    CORS_ORIGINS: envList()
      .pipe(
        z.array(
          z.string().refine((o) => o === '*' || /^https?:\/\/[^/]+$/.test(o), {
            message: 'must be a comma-separated list of origins such as https://app.example.com',
          }),
        ),
      )
      .default([]),
    TRUST_PROXY: envString().default('false'),
    // Each workspace on its own host, {slug}.{BASE_DOMAIN}; unset, every workspace shares one host.
    BASE_DOMAIN: envString()
      .transform((v) => v.toLowerCase().replace(/\.$/, ''))
      .refine((v) => /^(?=.{1,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/.test(v), 'must be a domain name such as hotleads.example.com (no scheme, no port)')
      .optional(),
    BODY_LIMIT: envBytes().default(1024 * 1024),
    SHUTDOWN_TIMEOUT_MS: envInt(1000, 600_000).default(25_000),
    SERVE_WEB: envBool().default(true),
    // Where the built admin app lives; unset means apps/web/dist of this checkout.
    WEB_DIST_DIR: envString().optional(),
    // Background job workers: in this process (on), not here (off), or only them, without HTTP (only).
    WORKERS: envEnum(['on', 'off', 'only']).default('on'),
  }),
);

export type AppConfig = ConfigOf<typeof appConfig>;
