// The bench database: a fresh `hotleads_bench` on BENCH_DATABASE_URL's server, or on an embedded
// PostgreSQL (the API's own EmbeddedPostgresServer) whose files live in .tmp/bench/postgres.
import { join } from 'node:path';
import pg from 'pg';
import { dist } from './dist.mjs';

// Kept fixed so that a rerun reuses the embedded cluster instead of running initdb again.
const EMBEDDED_PASSWORD = 'hotleads-bench-embedded';

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Returns { adminUrl, ownerUrl, name, embedded, version, stop() }.
export async function prepareDatabase({ externalUrl, name, dataDir, log }) {
  let server;
  let adminUrl = externalUrl;
  if (!adminUrl) {
    const { EmbeddedPostgresServer } = dist('database/embedded-postgres.server.js');
    server = new EmbeddedPostgresServer({ dataDir: join(dataDir, 'postgres'), password: EMBEDDED_PASSWORD, database: 'postgres' });
    log(`starting embedded PostgreSQL in ${join(dataDir, 'postgres')}`);
    await server.start();
    adminUrl = server.adminUrl();
  }
  const version = await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
    await c.query(`create database ${c.escapeIdentifier(name)}`);
    return (await c.query('show server_version')).rows[0].server_version;
  });
  return {
    adminUrl,
    ownerUrl: withDatabase(adminUrl, name),
    name,
    embedded: Boolean(server),
    version,
    stop: async () => {
      if (server) await server.stop();
    },
  };
}

export async function migrate(ownerUrl) {
  const { runMigrations } = dist('database/migrate.js');
  return runMigrations(ownerUrl);
}

// The URL of the API's own non-owner role (row-level security applies to it), derived the way the API does.
export async function appRoleUrl(ownerUrl, encryptionKeyBase64) {
  const { appRoleUrl: derive } = dist('database/app-role.js');
  return derive(ownerUrl, Buffer.from(encryptionKeyBase64, 'base64'));
}

// Waits until no client query is running on the bench database (a scenario's requests that the load
// generator abandoned at its deadline can still be queued in the API), so the next scenario starts clean.
export async function settle(ownerUrl, name, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  return withClient(ownerUrl, async (c) => {
    let quiet = 0;
    while (Date.now() < deadline) {
      const { rows } = await c.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state = 'active' AND query NOT ILIKE '%pgboss%'`,
        [name],
      );
      quiet = rows[0].n === 0 ? quiet + 1 : 0;
      if (quiet >= 5) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  });
}
