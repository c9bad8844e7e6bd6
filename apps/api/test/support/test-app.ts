import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { AppModule } from '../../src/app.module';
import { configureApp, createAdapter } from '../../src/bootstrap/create-app';
import { loadConfig, type Config } from '../../src/config/load-config';
import { resolveSecrets } from '../../src/config/secrets-store';
import { appRoleUrl } from '../../src/database/app-role';
import { JobsService } from '../../src/modules/jobs/jobs.service';
import { logDestination, rememberSecret } from './log-capture';
import { recordTraffic } from './openapi-traffic';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
export const TEST_OWNER_EMAIL = 'owner@example.com';
export const TEST_OWNER_PASSWORD = 'first owner passphrase 4 tests';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  config: Config;
  db: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  // Extra modules mounted beside the real ones (fixtures that exercise the platform).
  imports?: Array<Type | DynamicModule>;
  // Another test app's database: a second API process (replica) on the same data, left in place at close.
  database?: TestDatabase;
}

// Boots the real AppModule on a fresh database, configured exactly as main.ts does.
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hotleads-test-data-'));
  const db = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    SERVE_WEB: 'false',
    // One key for every test app: the database role password derives from it and roles are server-wide.
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ADMIN_EMAIL: TEST_OWNER_EMAIL,
    ADMIN_PASSWORD: TEST_OWNER_PASSWORD,
    ...options.env,
  });
  const secrets = await resolveSecrets(config);
  rememberSecret(secrets.jwtSecret, TEST_OWNER_PASSWORD);
  const appUrl = await appRoleUrl(db.url, secrets.encryptionKey);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config, { databaseUrl: appUrl, ownerDatabaseUrl: db.url, secrets }, logDestination(db.name)), ...(options.imports ?? [])],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(config.app), { bufferLogs: true });
  await configureApp(app, config);
  recordTraffic(app.getHttpAdapter().getInstance());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: request(app.getHttpServer()),
    config,
    db,
    close: async () => {
      const jobs = app.get(JobsService, { strict: false });
      await app.close();
      // A job still running when the shutdown budget ran out keeps pg-boss's stop monitor polling once a
      // second; let the job end and the monitor see it before the test environment goes away (a monitor
      // polling after that fails the suite).
      if (jobs.runningHandlers > 0) {
        const until = Date.now() + 30_000;
        while (jobs.runningHandlers > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
        await new Promise((resolve) => setTimeout(resolve, 1_100));
      }
      if (!options.database) await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
