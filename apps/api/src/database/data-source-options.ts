import { join } from 'node:path';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  ssl?: boolean;
  applicationName?: string;
}

const SRC_ROOT = join(__dirname, '..');

// Shared by the Nest module, the migration scripts and the tests, so they can never disagree.
export function dataSourceOptions(settings: DataSourceSettings): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: settings.url,
    ssl: settings.ssl ? { rejectUnauthorized: false } : undefined,
    synchronize: false,
    migrationsRun: false,
    entities: [join(SRC_ROOT, 'modules', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+; extensions are created by migrations, not at connect.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName: settings.applicationName ?? 'hotleads',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // Keep TCP connections honest across PostgreSQL restarts and NAT timeouts.
      keepAlive: true,
    },
  };
}
