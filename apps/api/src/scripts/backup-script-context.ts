import { existsSync } from 'node:fs';
import { prepareDataDir } from '../config/data-dir';
import { loadConfig, type Config } from '../config/load-config';
import { resolveSecrets } from '../config/secrets-store';
import { lockDataDir } from '../database/data-dir-lock';
import { resolveDatabase } from '../database/resolve-database';
import type { BackupContext } from '../modules/backups/backup-operations';

// What npm run backup / restore / backup:verify share: configuration (a .env in the working directory
// fills in, as for the server), the backup key, and the database: DATABASE_URL's, or the embedded one, which
// is only started when Hot Leads is not running on the same DATA_DIR (its lock says so).
export async function withBackupContext<T>(fn: (ctx: BackupContext & { secretsKey: Buffer }) => Promise<T>): Promise<T> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config: Config = loadConfig();
  if (config.app.NODE_ENV === 'production' && !config.backup.BACKUP_ENCRYPTION_KEY) {
    throw new Error('set BACKUP_ENCRYPTION_KEY (32 bytes, base64) when NODE_ENV=production, and keep a copy away from the backups');
  }
  const lock = config.database.DATABASE_URL ? undefined : await lockDataDir((await prepareDataDir(config.app.DATA_DIR)).path);
  const secrets = await resolveSecrets(config);
  const db = await resolveDatabase(config, secrets);
  try {
    return await fn({ settings: config.backup, dataDir: config.app.DATA_DIR, ownerUrl: db.url, key: secrets.backupEncryptionKey, embedded: db.embedded, log: (line) => console.log(line), secretsKey: secrets.encryptionKey });
  } finally {
    await db.stop();
    lock?.release();
  }
}

export function scriptFailed(name: string) {
  return (error: unknown): void => {
    const code = (error as { code?: string }).code;
    console.error(`${name} failed${code && /^[a-z_]+$/.test(code) ? ` (${code})` : ''}: ${(error as Error).message}`);
    process.exit(1);
  };
}
