import 'reflect-metadata';
import { performBackup } from '../modules/backups/backup-operations';
import type { BackupFormat } from '../modules/backups/backup-manifest';
import { scriptFailed, withBackupContext } from './backup-script-context';

// `npm run backup [-- --format=pg_dump]`: one encrypted backup into BACKUP_DIR, with its manifest, then the
// retention pass (decision 0016).
async function main(): Promise<void> {
  const formatArg = process.argv.slice(2).find((a) => a.startsWith('--format='))?.slice('--format='.length) ?? 'snapshot';
  if (!['snapshot', 'pg_dump'].includes(formatArg)) throw new Error(`--format must be snapshot or pg_dump, got ${formatArg}`);
  const format: BackupFormat = formatArg === 'pg_dump' ? 'pg_dump' : 'hotleads-snapshot';
  await withBackupContext(async (ctx) => {
    const { path, manifest } = await performBackup(ctx, format);
    const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
    console.log(`backup written: ${path} (${manifest.format}, ${manifest.sizeBytes} bytes, ${rows} rows in ${Object.keys(manifest.rowCounts).length} tables, ${(manifest.durationMs / 1000).toFixed(1)} s)`);
  });
}

main().catch(scriptFailed('backup'));
