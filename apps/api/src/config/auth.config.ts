import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envBool, envInt, envString } from './env-parsers';

export const authConfig = defineConfig(
  'auth',
  z.object({
    ADMIN_EMAIL: z.email('must be an email address').default('admin@hotleads.local'),
    ADMIN_PASSWORD: envString().optional(),
    ADMIN_WORKSPACE: envString().default('Hot Leads'),
    ALLOW_SIGNUP: envBool().default(false),
    ACCESS_TOKEN_TTL_SECONDS: envInt(60, 3600).default(900),
    SESSION_IDLE_TTL_HOURS: envInt(1, 24 * 30).default(24),
    SESSION_ABSOLUTE_TTL_HOURS: envInt(1, 24 * 90).default(24 * 7),
    // Single sign-on issuers must use https in production; this allows plain http (a provider on a private
    // network behind TLS termination). Development and tests always allow it.
    SSO_ALLOW_HTTP_ISSUER: envBool().default(false),
  }),
);

export type AuthConfig = ConfigOf<typeof authConfig>;
