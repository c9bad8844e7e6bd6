import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.server';
import { ADMIN_URL_VAR, RUN_ID_VAR } from './test-env';

// One PostgreSQL per test run: TEST_DATABASE_URL's server when given, else an embedded one in a temp dir.
export default async function globalSetup(): Promise<void> {
  process.env[RUN_ID_VAR] = randomBytes(4).toString('hex');
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    process.env[ADMIN_URL_VAR] = external;
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'hotleads-test-pg-'));
  // When tests run as root, PostgreSQL runs as the postgres user and must reach its data dir.
  await chmod(dir, 0o755);
  const server = new EmbeddedPostgresServer({ dataDir: join(dir, 'postgres'), password: randomBytes(16).toString('hex') });
  await server.start();
  process.env[ADMIN_URL_VAR] = server.adminUrl();
  (globalThis as Record<string, unknown>).__hotleadsTestPg = { server, dir };
}
