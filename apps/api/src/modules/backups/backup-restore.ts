import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Client, escapeIdentifier } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { latestMigrationTimestamp, runMigrations } from '../../database/migrate';
import { backupKeyId, decryptStream, HEADER_SIZE, parseHeader } from './backup-cipher';
import { BackupError } from './backup-error';
import { readManifest, type BackupManifest } from './backup-manifest';
import { pgDumpCommand, pgServerMajor } from './pg-tools';
import type { SnapshotHeader } from './snapshot-backup';
import { FrameType, framePayloadJson, readFrames } from './snapshot-frames';
import { columnList, tableName } from './snapshot-schema';
import { APP_ROLE } from '../../database/app-role';

export interface RestoreOptions {
  file: string;
  // The owner's URL of the database to restore into.
  targetUrl: string;
  key: Buffer;
  // Replace whatever the target holds.
  force?: boolean;
  pgBinDir?: string;
  log?: (line: string) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  durationMs: number;
  rows: number;
  migrationsAfter: string[];
}

// Checks what can be checked before touching any database: the manifest, that the key is the one the
// backup was made with, the checksum over the whole file, and that this build knows the backup's schema.
export async function verifyBackupFile(file: string, key: Buffer): Promise<BackupManifest> {
  const manifest = await readManifest(file);
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new BackupError('no_file', `cannot open ${file}: ${error.code ?? error.message}`);
  });
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_SIZE), 0, HEADER_SIZE, 0);
    const header = parseHeader(buffer.subarray(0, bytesRead));
    if (header.keyId !== backupKeyId(key)) {
      throw new BackupError('wrong_key', `${basename(file)} was encrypted with another BACKUP_ENCRYPTION_KEY (key id ${header.keyId}; the configured key is ${backupKeyId(key)})`);
    }
  } finally {
    await handle.close();
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  if (size !== manifest.sizeBytes || hash.digest('hex') !== manifest.sha256) {
    throw new BackupError('checksum_mismatch', `${basename(file)} does not match its manifest (size ${size}, expected ${manifest.sizeBytes}): the file is corrupted or truncated`);
  }
  if (BigInt(manifest.schemaVersion.timestamp) > BigInt(latestMigrationTimestamp())) {
    throw new BackupError('newer_schema', `the backup's schema (${manifest.schemaVersion.name}) is newer than this Hot Leads knows; restore it with the same or a newer release`);
  }
  return manifest;
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, application_name: 'hotleads-restore' });
  await client.connect();
  return client;
}

// Empty means: no table in public and no job queue schema. With force, both are dropped.
async function prepareTarget(url: string, force: boolean): Promise<void> {
  const client = await connect(url);
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')::int + (SELECT count(*) FROM pg_namespace WHERE nspname = 'pgboss')::int AS n`,
    );
    if (rows[0].n === 0) return;
    if (!force) throw new BackupError('not_empty', 'the target database is not empty; restore into an empty database, or pass --force to replace everything in it');
    await client.query('DROP SCHEMA IF EXISTS pgboss CASCADE');
    await client.query('DROP SCHEMA IF EXISTS public CASCADE');
    await client.query('CREATE SCHEMA public');
  } finally {
    await client.end();
  }
}

// Streams the snapshot into the tables, in the file's order (parents first), in one transaction: a load
// that fails or whose counts differ leaves the tables empty. Triggers are held back while loading: the
// derived tables (lead_search, lead_stats_*, live_events) come from the same snapshot as the leads they
// derive from, so re-deriving them would only do the work twice (and log every lead as a live event).
async function loadSnapshot(client: Client, file: string, key: Buffer, manifest: BackupManifest): Promise<number> {
  let total = 0;
  await client.query('BEGIN');
  try {
    // For a role that may not bypass row-level security, an error rather than rows loaded under a policy.
    await client.query('SET LOCAL row_security = off');
    let header: SnapshotHeader | undefined;
    // Building an index once over loaded rows is several times faster than keeping it up to date row by row.
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    let indexes: string[] = [];
    const load = async (source: AsyncIterable<Buffer>) => {
      let copy: ReturnType<typeof copyFrom> | undefined;
      let current: string | undefined;
      for await (const f of readFrames(source)) {
        if (f.type === FrameType.Header) {
          header = framePayloadJson<SnapshotHeader>(f);
          if (header.schemaVersion.timestamp !== manifest.schemaVersion.timestamp) throw new BackupError('corrupted', 'the backup content and its manifest name different schema versions');
          for (const t of header.tables) await client.query(`ALTER TABLE ${tableName(t.name)} DISABLE TRIGGER USER`);
          indexes = await dropPlainIndexes(client, header.tables.map((t) => t.name));
        } else if (f.type === FrameType.TableBegin) {
          const { name, columns } = framePayloadJson<{ name: string; columns: string[] }>(f);
          current = name;
          copy = client.query(copyFrom(`COPY ${tableName(name)} (${columnList(columns)}) FROM STDIN`));
        } else if (f.type === FrameType.Data) {
          if (!copy) throw new BackupError('corrupted', 'backup content has data outside a table');
          if (!copy.write(f.payload)) await once(copy, 'drain');
        } else if (f.type === FrameType.TableEnd) {
          const { rows } = framePayloadJson<{ rows: number }>(f);
          if (!copy) throw new BackupError('corrupted', 'backup content ends a table it did not begin');
          copy.end();
          await finished(copy);
          if (copy.rowCount !== rows) throw new BackupError('count_mismatch', `${current}: loaded ${copy.rowCount} rows, the backup holds ${rows}`);
          total += copy.rowCount;
          copy = undefined;
        } else if (f.type === FrameType.Trailer) {
          if (!header) throw new BackupError('corrupted', 'backup content has no header');
          for (const def of indexes) await client.query(def);
          for (const t of header.tables) await client.query(`ALTER TABLE ${tableName(t.name)} ENABLE TRIGGER USER`);
          for (const s of header.sequences) {
            if (s.lastValue !== null) await client.query(`SELECT setval($1::regclass, $2::bigint, true)`, [`public.${escapeIdentifier(s.name)}`, s.lastValue]);
          }
          header = { ...header, tables: [] };
        }
      }
    };
    if (manifest.compression === 'gzip') await pipeline(createReadStream(file), decryptStream(key), createGunzip(), load);
    else await pipeline(createReadStream(file), decryptStream(key), load);
    if (!header || header.tables.length) throw new BackupError('corrupted', 'backup content ends before its trailer');
    await checkCounts(client, manifest);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return total;
}

// Drops the indexes no constraint stands on (primary keys, unique constraints and what foreign keys point at
// stay, so the keys are still checked while loading) and answers their definitions, to be built after.
async function dropPlainIndexes(client: Client, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [tables],
  );
  for (const r of rows) await client.query(`DROP INDEX ${r.name}`);
  return rows.map((r) => r.def);
}

async function checkCounts(client: Client, manifest: BackupManifest): Promise<void> {
  const wrong: string[] = [];
  for (const [table, expected] of Object.entries(manifest.rowCounts)) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${tableName(table)}`);
    if (Number(rows[0].n) !== expected) wrong.push(`${table} has ${rows[0].n} rows, the manifest says ${expected}`);
  }
  if (wrong.length) throw new BackupError('count_mismatch', `restored row counts differ from the manifest: ${wrong.join('; ')}`);
}

// pg_dump archives carry their own schema: pg_restore builds it and loads it in one transaction; the app
// role its grants name must exist first (roles belong to the server, not the archive).
async function loadPgDump(client: Client, options: RestoreOptions, manifest: BackupManifest): Promise<number> {
  await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
      END IF;
    END $$`);
  const command = await pgDumpCommand('pg_restore', options.pgBinDir, await pgServerMajor(client));
  const child = spawn(command, ['--no-owner', '--single-transaction', '--exit-on-error', '--dbname', options.targetUrl], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await pipeline(createReadStream(options.file), decryptStream(options.key), child.stdin);
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL row_security = off');
    await checkCounts(client, manifest);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
}

// The whole restore: checks, schema up to the backup's version, data, the newer migrations, statistics.
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const manifest = await verifyBackupFile(options.file, options.key);
  log(`backup ${manifest.file} verified (${manifest.format}, schema ${manifest.schemaVersion.name}, ${manifest.sizeBytes} bytes)`);
  await prepareTarget(options.targetUrl, options.force ?? false);
  if (manifest.format !== 'pg_dump') await runMigrations(options.targetUrl, log, { upTo: manifest.schemaVersion.timestamp });
  const client = await connect(options.targetUrl);
  let rows: number;
  try {
    rows = manifest.format === 'pg_dump' ? await loadPgDump(client, options, manifest) : await loadSnapshot(client, options.file, options.key, manifest);
    log(`loaded ${rows} rows into ${Object.keys(manifest.rowCounts).length} tables; counts match the manifest`);
  } finally {
    await client.end();
  }
  const migrationsAfter = await runMigrations(options.targetUrl, log);
  const analyze = await connect(options.targetUrl);
  try {
    // Fresh tables have no statistics; without them the first queries plan as if the tables were empty.
    await analyze.query('ANALYZE');
  } finally {
    await analyze.end();
  }
  return { manifest, durationMs: Date.now() - started, rows, migrationsAfter };
}

// The drill: restores into a scratch database next to `serverUrl`'s, then drops it.
export async function verifyByRestore(file: string, serverUrl: string, key: Buffer, log?: (line: string) => void): Promise<RestoreResult> {
  const name = `hotleads_verify_${randomBytes(4).toString('hex')}`;
  const admin = await connect(serverUrl);
  try {
    await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await restoreBackup({ file, targetUrl: url.toString(), key, log });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
