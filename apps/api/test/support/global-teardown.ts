import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import type { EmbeddedPostgresServer } from '../../src/database/embedded-postgres.server';
import { findLeaks, logFiles } from './log-capture';
import { checkOpenApiTraffic } from './openapi-traffic-check';
import { ADMIN_URL_VAR, RUN_ID_VAR } from './test-env';

function checkLogs(): void {
  const runId = process.env[RUN_ID_VAR];
  if (!runId || logFiles(runId).length === 0) return;
  const leaks = findLeaks(runId);
  if (leaks.length) {
    throw new Error(`Secrets reached the logs of this test run (.tmp/test-logs/${runId}):\n  ${leaks.join('\n  ')}`);
  }
  console.log(`log check: ${logFiles(runId).length} captured log files contain no password, token, key or TOTP secret`);
}

export default async function globalTeardown(): Promise<void> {
  try {
    checkLogs();
    checkOpenApiTraffic(process.env[RUN_ID_VAR] ?? 'local');
  } finally {
    await stopDatabase();
  }
}

async function stopDatabase(): Promise<void> {
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
