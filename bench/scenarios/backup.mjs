// Backup and restore of the whole benchmark database (decision 0016): `createBackup` (snapshot, gzip,
// chunked AES-256-GCM) and `restoreBackup` into a new database, each beside the raw PostgreSQL work it
// cannot avoid. Targets are for 1,000,000 leads; a smaller BENCH_LEADS is projected linearly.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import pg from 'pg';
import { withClient, withDatabase } from '../lib/database.mjs';
import { dist } from '../lib/dist.mjs';
import { checksPass, int, mb } from '../lib/report.mjs';

const TARGET_LEADS = 1_000_000;
const BACKUP_TARGET_S = 60;
const RESTORE_TARGET_S = 180;
const KEY = randomBytes(32);

const nullSink = () => {
  let bytes = 0;
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      bytes += chunk.length;
      callback();
    },
  });
  return { sink, bytes: () => bytes };
};

let made;

// The backup, then a raw COPY of every table it holds, in one REPEATABLE READ transaction, into nothing.
export async function backup(ctx) {
  const dir = await mkdtemp(join(tmpdir(), 'hotleads-bench-backup-'));
  const { createBackup } = dist('modules/backups/backup-writer.js');
  const started = performance.now();
  const result = await createBackup({ ownerUrl: ctx.ownerUrl, key: KEY, dir });
  const seconds = (performance.now() - started) / 1000;
  made = { dir, path: result.path, manifest: result.manifest };
  const leads = result.manifest.rowCounts.leads;
  const rows = Object.values(result.manifest.rowCounts).reduce((a, b) => a + b, 0);

  const client = new pg.Client({ connectionString: ctx.ownerUrl });
  await client.connect();
  let baseline;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const t0 = performance.now();
    let bytes = 0;
    for (const table of Object.keys(result.manifest.rowCounts)) {
      const { sink, bytes: counted } = nullSink();
      await pipeline(client.query(copyStreams.to(`COPY public."${table}" TO STDOUT`)), sink);
      bytes += counted();
    }
    baseline = { seconds: (performance.now() - t0) / 1000, bytes };
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  const liveLeads = await withClient(ctx.ownerUrl, async (c) => Number((await c.query('SELECT count(*) AS n FROM leads')).rows[0].n));
  const projected = seconds * (TARGET_LEADS / leads);
  const checks = [
    { what: `projected to ${int(TARGET_LEADS)} leads <= ${BACKUP_TARGET_S} s`, ok: projected <= BACKUP_TARGET_S },
    { what: 'every lead in the manifest', ok: leads === liveLeads },
  ];
  return {
    id: 'backup',
    scenario: `backup (${int(leads)} leads, ${int(rows)} rows in all)`,
    target: `<= ${BACKUP_TARGET_S} s at 1M leads`,
    available: true,
    api: { seconds, leads, rows, bytes: result.manifest.sizeBytes, projectedSeconds: projected },
    baseline,
    apiSummary: `${seconds.toFixed(1)} s, ${int(leads / seconds)} leads/s, ${mb(result.manifest.sizeBytes)} encrypted; projected ${projected.toFixed(0)} s at 1M leads`,
    baselineSummary: `${baseline.seconds.toFixed(1)} s (raw COPY of the same tables, ${mb(baseline.bytes)}, no compression or encryption)`,
    ratio: `${(seconds / baseline.seconds).toFixed(2)}x time`,
    checks,
    pass: checksPass(checks),
    note: 'createBackup as `npm run backup` runs it: one REPEATABLE READ snapshot, COPY of every table, gzip level 1, AES-256-GCM in 64 KiB chunks, SHA-256 of the file. Baseline: the same COPY statements into a null sink.',
  };
}

// The restore of that backup into a new database, then a raw COPY of the leads into an index-less copy of
// the table (the floor for loading them).
export async function restore(ctx) {
  if (!made) throw new Error('restore needs the backup scenario to run first');
  const name = `hotleads_bench_restore_${randomBytes(3).toString('hex')}`;
  const adminUrl = withDatabase(ctx.ownerUrl, 'postgres');
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const targetUrl = withDatabase(ctx.ownerUrl, name);
  try {
    const { restoreBackup } = dist('modules/backups/backup-restore.js');
    const started = performance.now();
    const result = await restoreBackup({ file: made.path, targetUrl, key: KEY });
    const seconds = (performance.now() - started) / 1000;
    const leads = made.manifest.rowCounts.leads;

    const baseline = await withClient(targetUrl, async (target) => {
      await target.query('CREATE UNLOGGED TABLE bench_leads_floor (LIKE leads)');
      const source = new pg.Client({ connectionString: ctx.ownerUrl });
      await source.connect();
      try {
        const t0 = performance.now();
        await pipeline(source.query(copyStreams.to('COPY leads TO STDOUT')), target.query(copyStreams.from('COPY bench_leads_floor FROM STDIN')));
        return { seconds: (performance.now() - t0) / 1000 };
      } finally {
        await source.end();
      }
    });
    const projected = seconds * (TARGET_LEADS / leads);
    const checks = [
      { what: `projected to ${int(TARGET_LEADS)} leads <= ${RESTORE_TARGET_S} s`, ok: projected <= RESTORE_TARGET_S },
      { what: 'row counts match the manifest', ok: result.rows === Object.values(made.manifest.rowCounts).reduce((a, b) => a + b, 0) },
    ];
    return {
      id: 'restore',
      scenario: `restore (${int(leads)} leads) into a new database`,
      target: `<= ${RESTORE_TARGET_S} s at 1M leads (RTO)`,
      available: true,
      api: { seconds, leads, rows: result.rows, projectedSeconds: projected },
      baseline,
      apiSummary: `${seconds.toFixed(1)} s, ${int(leads / seconds)} leads/s; projected ${projected.toFixed(0)} s at 1M leads`,
      baselineSummary: `${baseline.seconds.toFixed(1)} s (raw COPY of the leads alone into an unlogged, index-less table)`,
      ratio: `${(seconds / baseline.seconds).toFixed(2)}x time`,
      checks,
      pass: checksPass(checks),
      note: 'restoreBackup as `npm run restore` runs it: checksum and key check, migrations up to the backup, every table loaded by COPY in one transaction with user triggers held back, counts checked, newer migrations, ANALYZE.',
    };
  } finally {
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => undefined);
    await rm(made.dir, { recursive: true, force: true });
    made = undefined;
  }
}
