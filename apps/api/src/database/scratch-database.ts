import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresServer } from './embedded-postgres.server';

// Runs `fn` against a throw-away database: on TEST_DATABASE_URL's or DATABASE_URL's server when set,
// else on a temporary embedded server. Used by the migration tools, never by the running app.
export async function withScratchDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  let serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  let embedded: EmbeddedPostgresServer | undefined;
  let dir: string | undefined;
  if (!serverUrl) {
    dir = await mkdtemp(join(tmpdir(), 'hotleads-scratch-'));
    await chmod(dir, 0o755);
    embedded = new EmbeddedPostgresServer({ dataDir: join(dir, 'postgres'), password: randomBytes(16).toString('hex') });
    await embedded.start();
    serverUrl = embedded.adminUrl();
  }
  const name = `hotleads_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
