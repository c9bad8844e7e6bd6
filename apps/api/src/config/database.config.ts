import { z } from 'zod';
import { defineConfig, type ConfigOf } from './define-config';
import { envBool, envInt, envPostgresUrl } from './env-parsers';

export const databaseConfig = defineConfig(
  'database',
  z.object({
    DATABASE_URL: envPostgresUrl().optional(),
    // Connection for the API itself as a role that is neither superuser nor table owner. Unset: the
    // role hotleads_app is given a password derived from ENCRYPTION_KEY and used automatically.
    DATABASE_APP_URL: envPostgresUrl().optional(),
    DATABASE_POOL_SIZE: envInt(1, 500).default(10),
    DATABASE_SSL: envBool().default(false),
    MIGRATIONS_RUN: envBool().default(true),
    EMBEDDED_POSTGRES_PORT: envInt(0, 65535).default(0),
  }),
);

export type DatabaseConfig = ConfigOf<typeof databaseConfig>;
