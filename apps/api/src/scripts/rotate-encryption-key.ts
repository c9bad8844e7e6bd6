import 'reflect-metadata';
import { loadConfig } from '../config/load-config';
import { prepareDataDir } from '../config/data-dir';
import { resolveSecrets } from '../config/secrets-store';
import { lockDataDir } from '../database/data-dir-lock';
import { resolveDatabase } from '../database/resolve-database';
import { rotateEncryptionKey } from '../modules/integrations/encryption-key-rotation';

// `npm run rotate-encryption-key`, with ENCRYPTION_KEY set to the new key and ENCRYPTION_KEY_PREVIOUS to the
// old one: re-encrypts every secret at rest under the new key. Run it after the API was restarted with both
// keys (it reads either meanwhile); then ENCRYPTION_KEY_PREVIOUS can go.
async function main(): Promise<void> {
  const config = loadConfig();
  const previous = config.security.ENCRYPTION_KEY_PREVIOUS;
  if (!config.security.ENCRYPTION_KEY || !previous) {
    console.error('rotate-encryption-key: set ENCRYPTION_KEY to the new key and ENCRYPTION_KEY_PREVIOUS to the old one');
    process.exit(2);
  }
  // The embedded database is not started beside a running Hot Leads on the same DATA_DIR.
  const lock = config.database.DATABASE_URL ? undefined : await lockDataDir((await prepareDataDir(config.app.DATA_DIR)).path);
  const secrets = await resolveSecrets(config);
  const db = await resolveDatabase(config, secrets);
  try {
    const report = await rotateEncryptionKey(db.url, secrets.encryptionKey, [Buffer.from(previous, 'base64')]);
    console.log(`re-encrypted ${report.connections} connection credential(s), ${report.ssoSecrets} single sign-on secret(s) and ${report.mfaSecrets} MFA secret(s) under the new key`);
  } finally {
    await db.stop();
    lock?.release();
  }
}

main().catch((error: unknown) => {
  console.error(`rotate-encryption-key failed: ${(error as Error).message}`);
  process.exit(1);
});
