import { basename, join } from 'node:path';
import type { BackupConfig } from '../../config/backup.config';
import { BackupError } from './backup-error';
import type { BackupFormat } from './backup-manifest';
import { BackupRunsRepository } from './backup-runs.repository';
import { applyRetention, createBackup, newestBackup, type BackupResult } from './backup-writer';
import { verifyByRestore, type RestoreResult } from './backup-restore';

// Where backups go: BACKUP_DIR, else DATA_DIR/backups.
export const backupDir = (settings: BackupConfig, dataDir: string) => settings.BACKUP_DIR ?? join(dataDir, 'backups');

export interface BackupContext {
  settings: BackupConfig;
  dataDir: string;
  ownerUrl: string;
  key: Buffer;
  embedded: boolean;
  log?: (line: string) => void;
}

// Secrets never reach backup_runs or the log: a failure keeps its message, with any URL's password masked.
export const safeMessage = (error: unknown) => String((error as Error)?.message ?? error).replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, '$1***@');

// One backup with its record in backup_runs and the retention pass after it (npm run backup, the schedule).
export async function performBackup(ctx: BackupContext, format: BackupFormat = 'hotleads-snapshot'): Promise<BackupResult> {
  const runs = new BackupRunsRepository(ctx.ownerUrl);
  const id = await runs.start('backup');
  try {
    const dir = backupDir(ctx.settings, ctx.dataDir);
    const result = await createBackup({ ownerUrl: ctx.ownerUrl, key: ctx.key, dir, format, pgBinDir: ctx.settings.PG_BIN_DIR, embedded: ctx.embedded, hotleadsVersion: process.env.npm_package_version });
    const rows = Object.values(result.manifest.rowCounts).reduce((a, b) => a + b, 0);
    await runs.succeed(id, { file: result.manifest.file, sizeBytes: result.manifest.sizeBytes, durationMs: result.manifest.durationMs, rowCount: rows });
    const deleted = await applyRetention(dir, ctx.settings.BACKUP_KEEP_DAILY, ctx.settings.BACKUP_KEEP_WEEKLY);
    for (const name of deleted) ctx.log?.(`retention: deleted ${name}`);
    return result;
  } catch (error) {
    await runs.fail(id, safeMessage(error)).catch(() => undefined);
    throw error;
  }
}

// The drill: the newest backup restored into a scratch database on the same server, counted, dropped.
export async function performDrill(ctx: BackupContext, file?: string): Promise<RestoreResult> {
  const runs = new BackupRunsRepository(ctx.ownerUrl);
  const id = await runs.start('verify');
  let chosen: string | undefined;
  try {
    chosen = file ?? (await newestBackup(backupDir(ctx.settings, ctx.dataDir)));
    if (!chosen) throw new BackupError('no_backup', `no backup to verify in ${backupDir(ctx.settings, ctx.dataDir)}`);
    const result = await verifyByRestore(chosen, ctx.ownerUrl, ctx.key, ctx.log);
    await runs.succeed(id, { file: basename(chosen), sizeBytes: result.manifest.sizeBytes, durationMs: result.durationMs, rowCount: result.rows });
    return result;
  } catch (error) {
    await runs.fail(id, safeMessage(error), chosen && basename(chosen)).catch(() => undefined);
    throw error;
  }
}
