import { readFile, rename, writeFile } from 'node:fs/promises';
import { BackupError } from './backup-error';
import type { Compression } from './backup-cipher';

export type BackupFormat = 'hotleads-snapshot' | 'pg_dump';

// Written beside each backup file as `<file>.manifest.json`: what the restore checks before and after
// loading. Holds no secret (the key id names the key, it does not reveal it).
export interface BackupManifest {
  file: string;
  format: BackupFormat;
  formatVersion: number;
  createdAt: string;
  durationMs: number;
  sizeBytes: number;
  sha256: string;
  encryption: 'aes-256-gcm-chunked';
  compression: Compression;
  keyId: string;
  schemaVersion: { name: string; timestamp: string };
  rowCounts: Record<string, number>;
  hotleadsVersion: string;
}

export const BACKUP_EXTENSION = '.hlbackup';
export const manifestPathFor = (backupPath: string) => `${backupPath}.manifest.json`;

export async function writeManifest(backupPath: string, manifest: BackupManifest): Promise<void> {
  const path = manifestPathFor(backupPath);
  const tmp = `${path}.partial`;
  await writeFile(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

export async function readManifest(backupPath: string): Promise<BackupManifest> {
  const path = manifestPathFor(backupPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError('no_manifest', code === 'ENOENT' ? `no manifest beside the backup: ${path} is missing` : `cannot read ${path}: ${code}`);
  }
  try {
    const manifest = JSON.parse(text) as BackupManifest;
    if (!manifest.sha256 || !manifest.schemaVersion?.timestamp || typeof manifest.rowCounts !== 'object') throw new Error('fields missing');
    return manifest;
  } catch (error) {
    throw new BackupError('bad_manifest', `manifest ${path} is not valid: ${(error as Error).message}`);
  }
}
