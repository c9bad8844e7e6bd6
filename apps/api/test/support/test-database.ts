import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';
import { testAdminUrl, testRunId, withDatabase } from './test-env';

const LOCK = 7_340_001;

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testAdminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

// A fresh database per test file, copied from a template migrated once per run.
export async function createTestDatabase(): Promise<TestDatabase> {
  const run = testRunId();
  const template = `hl_test_${run}_tpl`;
  const name = `hl_test_${run}_${randomBytes(4).toString('hex')}`;
  await admin(async (client) => {
    await client.query('select pg_advisory_lock($1)', [LOCK]);
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [template]);
      if (!rowCount) {
        await client.query(`create database "${template}"`);
        await runMigrations(withDatabase(testAdminUrl(), template));
      }
      await client.query(`create database "${name}" template "${template}"`);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCK]);
    }
  });
  return {
    name,
    url: withDatabase(testAdminUrl(), name),
    drop: () => admin(async (client) => void (await client.query(`drop database if exists "${name}" with (force)`))),
  };
}
