import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import type { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.server';
import { ADMIN_URL_VAR, RUN_ID_VAR } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__hotleadsTestPg as
    | { server: EmbeddedPostgresServer; dir: string }
    | undefined;
  if (embedded) {
    await embedded.server.stop();
    await rm(embedded.dir, { recursive: true, force: true });
    return;
  }
  // On a shared server, drop what this run created.
  const client = new Client({ connectionString: process.env[ADMIN_URL_VAR] });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `hl_test_${process.env[RUN_ID_VAR]}_%`,
    ]);
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
