import 'reflect-metadata';
import { resolve } from 'node:path';
import { restoreBackup } from '../modules/backups/backup-restore';
import { safeMessage } from '../modules/backups/backup-operations';
import { scriptFailed, withBackupContext } from './backup-script-context';

// `npm run restore -- <file> [--database-url URL] [--force]`: checks the file and the key, rebuilds the
// schema up to the backup's version, loads the data, runs the newer migrations and checks the counts. The
// target is --database-url, else DATABASE_URL, else the embedded database (Hot Leads stopped).
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--database-url');
  const urlArg = args.find((a) => a.startsWith('--database-url='))?.slice('--database-url='.length) ?? (args.includes('--database-url') ? args[args.indexOf('--database-url') + 1] : undefined);
  const force = args.includes('--force');
  if (!file) {
    console.error('usage: npm run restore -- <backup file> [--database-url URL] [--force]');
    process.exit(2);
  }
  if (urlArg) process.env.DATABASE_URL = urlArg;
  await withBackupContext(async (ctx) => {
    const result = await restoreBackup({ file: resolve(file), targetUrl: ctx.ownerUrl, key: ctx.key, force, pgBinDir: ctx.settings.PG_BIN_DIR, log: (line) => console.log(safeMessage(line)) });
    console.log(`restored ${result.rows} rows from ${result.manifest.file} (schema ${result.manifest.schemaVersion.name}${result.migrationsAfter.length ? `, then ${result.migrationsAfter.length} newer migration(s)` : ''}) in ${(result.durationMs / 1000).toFixed(1)} s`);
  });
}

main().catch(scriptFailed('restore'));
