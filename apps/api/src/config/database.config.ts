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
    // statement_timeout of a request's SQL by route class (0: none): reads (GET), writes (other methods),
    // bulk changes and exports. A statement past it is cancelled and the request answers 503 query_timeout.
    DATABASE_READ_TIMEOUT_MS: envInt(0, 3_600_000).default(5_000),
    DATABASE_WRITE_TIMEOUT_MS: envInt(0, 3_600_000).default(15_000),
    DATABASE_BULK_TIMEOUT_MS: envInt(0, 3_600_000).default(120_000),
  }),
);

export type DatabaseConfig = ConfigOf<typeof databaseConfig>;
