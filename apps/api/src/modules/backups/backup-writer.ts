import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import { backupKeyId, encryptStream, type Compression } from './backup-cipher';
import { BACKUP_EXTENSION, manifestPathFor, writeManifest, type BackupFormat, type BackupManifest } from './backup-manifest';
import { backupsToDelete } from './backup-retention';
import { pgDumpCommand, pgServerMajor } from './pg-tools';
import { beginSnapshot, snapshotFrames, SNAPSHOT_FORMAT_VERSION, type SnapshotResult } from './snapshot-backup';
import { listTables, schemaVersion, tableName } from './snapshot-schema';

export interface BackupOptions {
  ownerUrl: string;
  key: Buffer;
  dir: string;
  format?: BackupFormat;
  pgBinDir?: string;
  // Whether the database is Hot Leads' embedded one (pg_dump is only for an external database).
  embedded?: boolean;
  hotleadsVersion?: string;
}

export interface BackupResult {
  path: string;
  manifest: BackupManifest;
}

// Counts bytes and hashes them on their way to the file, so the checksum needs no second read.
function hashTap(): { tap: Transform; digest: () => { sha256: string; size: number } } {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  return { tap, digest: () => ({ sha256: hash.digest('hex'), size }) };
}

const fileStamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

// Takes one backup into `dir`: written under a temporary name, renamed once complete, then its manifest.
// A backup that fails leaves nothing behind.
export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const name = `hotleads-${fileStamp(new Date(started))}-${randomBytes(3).toString('hex')}${BACKUP_EXTENSION}`;
  const path = join(options.dir, name);
  const tmp = `${path}.partial`;
  const client = new Client({ connectionString: options.ownerUrl, application_name: 'hotleads-backup' });
  await client.connect();
  try {
    const format = options.format ?? 'hotleads-snapshot';
    const { tap, digest } = hashTap();
    const out = createWriteStream(tmp, { mode: 0o600 });
    let compression: Compression;
    let version: { name: string; timestamp: string };
    let rowCounts: Record<string, number>;
    if (format === 'pg_dump') {
      if (options.embedded) throw new Error('--format=pg_dump needs an external database (DATABASE_URL); the embedded one is backed up as a snapshot');
      // pg_dump's own archive is compressed already.
      compression = 'none';
      ({ version, rowCounts } = await pgDumpInto(client, options, encryptStream(options.key, compression), tap, out));
    } else {
      compression = 'gzip';
      await beginSnapshot(client);
      const result: Partial<SnapshotResult> = {};
      await pipeline(Readable.from(snapshotFrames(client, result)), createGzip({ level: 1 }), encryptStream(options.key, compression), tap, out);
      await client.query('COMMIT');
      version = result.header!.schemaVersion;
      rowCounts = result.rowCounts!;
    }
    const { sha256, size } = digest();
    await rename(tmp, path);
    const manifest: BackupManifest = {
      file: name,
      format,
      formatVersion: format === 'pg_dump' ? 1 : SNAPSHOT_FORMAT_VERSION,
      createdAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      sizeBytes: size,
      sha256,
      encryption: 'aes-256-gcm-chunked',
      compression,
      keyId: backupKeyId(options.key),
      schemaVersion: version,
      rowCounts,
      hotleadsVersion: options.hotleadsVersion ?? 'unknown',
    };
    await writeManifest(path, manifest);
    return { path, manifest };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// pg_dump reads the same snapshot the counts are taken in (an exported snapshot), so the manifest's row
// counts are exactly what the archive holds.
async function pgDumpInto(client: Client, options: BackupOptions, encrypt: Transform, tap: Transform, out: NodeJS.WritableStream) {
  const command = await pgDumpCommand('pg_dump', options.pgBinDir, await pgServerMajor(client));
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  const [{ snapshot }] = (await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot')).rows;
  const version = await schemaVersion(client);
  const rowCounts: Record<string, number> = {};
  await client.query('SET LOCAL row_security = off');
  for (const table of await listTables(client)) {
    rowCounts[table.name] = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${tableName(table.name)}`)).rows[0].n);
  }
  const child = spawn(command, ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, '--exclude-table-data=public.backup_runs', '--dbname', options.ownerUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()).slice(-4000));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await pipeline(child.stdout, encrypt, tap, out);
  const code = await exited;
  await client.query('COMMIT');
  if (code !== 0) throw new Error(`pg_dump exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  return { version, rowCounts };
}

// Deletes the backups retention no longer keeps (with their manifests); answers their names.
export async function applyRetention(dir: string, keepDaily: number, keepWeekly: number): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const backups = names
    .filter((n) => n.endsWith(BACKUP_EXTENSION) && names.includes(`${n}.manifest.json`))
    .map((n) => ({ name: n, createdAt: backupTime(n) }))
    .filter((b): b is { name: string; createdAt: Date } => b.createdAt !== undefined);
  const doomed = backupsToDelete(backups, keepDaily, keepWeekly);
  for (const b of doomed) {
    await rm(join(dir, b.name), { force: true });
    await rm(manifestPathFor(join(dir, b.name)), { force: true });
  }
  return doomed.map((b) => b.name);
}

// The time in a backup's file name (hotleads-20261207T065000Z-abc123.hlbackup).
export function backupTime(name: string): Date | undefined {
  const m = /^hotleads-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]+\.hlbackup$/.exec(name);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

// The newest complete backup in `dir` (with its manifest), if any.
export async function newestBackup(dir: string): Promise<string | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const complete = names.filter((n) => backupTime(n) && names.includes(`${n}.manifest.json`));
  complete.sort((a, b) => backupTime(b)!.getTime() - backupTime(a)!.getTime() || b.localeCompare(a));
  return complete[0] ? join(dir, complete[0]) : undefined;
}
