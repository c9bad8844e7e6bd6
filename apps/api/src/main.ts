import 'reflect-metadata';
// First: tracing (when configured) must patch http, Fastify and pg before they load.
import { tracing } from './common/observability/preload-tracing';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from './bootstrap/create-app';
import { assertPortFree } from './common/http/port-probe';
import { createBootLogger } from './common/logging/boot-logger';
import { startErrorReporting, stopErrorReporting } from './common/observability/error-reporting';
import { startWorkerMetrics } from './common/metrics/metrics-endpoint';
import { ConfigError } from './config/config.error';
import { prepareDataDir, type PreparedDataDir } from './config/data-dir';
import { loadConfig, type Config } from './config/load-config';
import { resolveSecrets } from './config/secrets-store';
import { appRoleUrl } from './database/app-role';
import { lockDataDir, type DataDirLock } from './database/data-dir-lock';
import { runMigrations } from './database/migrate';
import { resolveDatabase, type ResolvedDatabase } from './database/resolve-database';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

function report(error: unknown): void {
  if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    error = new ConfigError(`the port is already in use: ${(error as Error).message}`);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`hotleads: ${error.message}\n`);
  } else {
    process.stderr.write(`hotleads: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    // A .env in the working directory fills in what the environment does not set.
    if (existsSync('.env')) process.loadEnvFile('.env');
    config = loadConfig();
  } catch (error) {
    report(error);
    process.exit(1);
  }
  const log: Logger = createBootLogger(config.app);
  if (await startErrorReporting(config.observability, config.observability.APP_COMMIT)) log.info('error reporting to Sentry is on');
  if (tracing) log.info('OpenTelemetry tracing is on');

  // Signals are handled from the first moment. The same stop may arrive more than once (Ctrl-C reaches the
  // whole process group and npm forwards it again): the first one counts, the others are ignored, so
  // in-flight requests always get their drain.
  let stopSignal: NodeJS.Signals | undefined;
  // Set once the server runs; until then a stop is noticed between the start's steps.
  const running: { stop?: (signal: NodeJS.Signals) => void } = {};
  const signalled = (signal: NodeJS.Signals) => {
    if (stopSignal) {
      log.debug({ signal }, 'already shutting down');
      return;
    }
    stopSignal = signal;
    running.stop?.(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, signalled);

  let dataDir: PreparedDataDir | undefined;
  let lock: DataDirLock | undefined;
  let db: ResolvedDatabase | undefined;
  let app: NestFastifyApplication | undefined;
  let metricsServer: Server | undefined;
  const stopEmbedded = async () => {
    if (db?.embedded) {
      await db.stop();
      log.info('embedded PostgreSQL stopped');
    }
  };
  // A start that fails or is interrupted leaves nothing running and, on a first start, nothing half-made.
  const abandon = async (error?: unknown): Promise<never> => {
    if (error) report(error);
    else log.info({ signal: stopSignal }, 'start interrupted; stopping');
    await app?.close().catch(() => undefined);
    await stopEmbedded().catch(() => undefined);
    lock?.release();
    await dataDir?.undo();
    process.exit(error ? 1 : 0);
  };
  const interrupted = () => stopSignal !== undefined;

  try {
    // Everything that can refuse the start is checked before anything lasting happens.
    if (config.app.WORKERS !== 'only') await assertPortFree(config.app.HOST, config.app.PORT);
    dataDir = await prepareDataDir(config.app.DATA_DIR);
    if (!config.database.DATABASE_URL) {
      lock = await lockDataDir(dataDir.path);
      const held = lock;
      process.once('exit', () => held.release());
    }
    const secrets = await resolveSecrets(config);
    if (interrupted()) return abandon();

    if (!config.database.DATABASE_URL) log.info({ dataDir: join(dataDir.path, 'postgres') }, 'starting embedded PostgreSQL');
    db = await resolveDatabase(config, secrets, {
      output: (line) => log.debug({ component: 'postgres' }, line),
      supervisor: {
        info: (message) => log.info({ component: 'postgres' }, message),
        warn: (message) => log.warn({ component: 'postgres' }, message),
        error: (message) => log.error({ component: 'postgres' }, message),
      },
    });
    if (interrupted()) return abandon();
    if (config.database.MIGRATIONS_RUN) await runMigrations(db.url, (m) => log.info(m));
    if (interrupted()) return abandon();
    const appUrl = await appRoleUrl(db.url, secrets.encryptionKey, config.database.DATABASE_APP_URL);
    app = await createApp(config, { databaseUrl: appUrl, ownerDatabaseUrl: db.url, secrets });
    if (config.app.WORKERS === 'only') {
      // A worker process: modules start (and with them the job workers) but no HTTP port is opened.
      await app.init();
      metricsServer = await startWorkerMetrics(app, config);
      log.info({ embeddedDatabase: db.embedded, metricsPort: config.observability.METRICS_PORT }, 'Hot Leads is running background workers only (WORKERS=only); no HTTP server');
    } else {
      await app.listen({ port: config.app.PORT, host: config.app.HOST });
      const address = app.getHttpServer().address();
      const port = typeof address === 'object' && address ? address.port : config.app.PORT;
      log.info({ port, embeddedDatabase: db.embedded }, `Hot Leads is listening on http://localhost:${port} (API docs at /api/docs)`);
    }
  } catch (error) {
    return abandon(error);
  }

  const server = app;
  const shutdown = async (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      void stopEmbedded().finally(() => process.exit(1));
    }, config.app.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      metricsServer?.close();
      await server.close();
      await stopErrorReporting();
      await tracing?.shutdown().catch(() => undefined);
      await stopEmbedded();
      lock?.release();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      await stopEmbedded().catch(() => undefined);
      process.exit(1);
    }
  };
  running.stop = (signal) => void shutdown(signal);
  if (stopSignal) running.stop(stopSignal);
}

void main();
