import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createApp } from './bootstrap/create-app';
import { createBootLogger } from './common/logging/boot-logger';
import { ConfigError } from './config/config.error';
import { loadConfig, type Config } from './config/load-config';
import { resolveSecrets } from './config/secrets-store';
import { appRoleUrl } from './database/app-role';
import { runMigrations } from './database/migrate';
import { resolveDatabase } from './database/resolve-database';

function fail(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`hotleads: ${error.message}\n`);
  } else {
    process.stderr.write(`hotleads: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    // A .env in the working directory fills in what the environment does not set.
    if (existsSync('.env')) process.loadEnvFile('.env');
    config = loadConfig();
  } catch (error) {
    fail(error);
  }
  const log: Logger = createBootLogger(config.app);
  const secrets = await resolveSecrets(config).catch(fail);

  if (!config.database.DATABASE_URL) log.info({ dataDir: join(config.app.DATA_DIR, 'postgres') }, 'starting embedded PostgreSQL');
  const db = await resolveDatabase(config, secrets, (line) => log.debug({ component: 'postgres' }, line)).catch(fail);
  const databaseUrl = db.url;
  const stopEmbedded = async () => {
    if (db.embedded) {
      await db.stop();
      log.info('embedded PostgreSQL stopped');
    }
  };

  try {
    if (config.database.MIGRATIONS_RUN) await runMigrations(databaseUrl, (m) => log.info(m));
    const appUrl = await appRoleUrl(databaseUrl, secrets.encryptionKey, config.database.DATABASE_APP_URL);
    const app = await createApp(config, { databaseUrl: appUrl, ownerDatabaseUrl: databaseUrl, secrets });
    if (config.app.WORKERS === 'only') {
      // A worker process: modules start (and with them the job workers) but no HTTP port is opened.
      await app.init();
      log.info({ embeddedDatabase: db.embedded }, 'Hot Leads is running background workers only (WORKERS=only); no HTTP server');
    } else {
      await app.listen({ port: config.app.PORT, host: config.app.HOST });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.app.PORT;
      log.info({ port, embeddedDatabase: db.embedded }, `Hot Leads is listening on http://localhost:${port} (API docs at /api/docs)`);
    }

    let stopping = false;
    const shutdown = async (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      const force = setTimeout(() => {
        log.error('shutdown took too long; exiting');
        void stopEmbedded().finally(() => process.exit(1));
      }, config.app.SHUTDOWN_TIMEOUT_MS);
      force.unref();
      try {
        await app.close();
        await stopEmbedded();
        log.info('stopped');
        process.exit(0);
      } catch (error) {
        log.error({ err: error }, 'error during shutdown');
        await stopEmbedded().catch(() => undefined);
        process.exit(1);
      }
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  } catch (error) {
    await stopEmbedded().catch(() => undefined);
    fail(error);
  }
}

void main();
