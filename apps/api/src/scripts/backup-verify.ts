import 'reflect-metadata';
import { resolve } from 'node:path';
import { performDrill } from '../modules/backups/backup-operations';
import { scriptFailed, withBackupContext } from './backup-script-context';

// `npm run backup:verify [-- <file>]`: the restore drill. Restores the newest backup (or the one named) into
// a scratch database on the same server, checks the counts, drops it, and records the verified restore.
async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  await withBackupContext(async (ctx) => {
    const result = await performDrill(ctx, file && resolve(file));
    console.log(`verified ${result.manifest.file}: ${result.rows} rows restored into a scratch database and counted in ${(result.durationMs / 1000).toFixed(1)} s`);
  });
}

main().catch(scriptFailed('backup:verify'));
