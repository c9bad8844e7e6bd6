import 'reflect-metadata';
import { prepareDataDir } from '../config/data-dir';
import { loadConfig } from '../config/load-config';
import { resolveSecrets } from '../config/secrets-store';
import { lockDataDir } from '../database/data-dir-lock';
import { runMigrations } from '../database/migrate';
import { resolveDatabase } from '../database/resolve-database';

// `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
async function main(): Promise<void> {
  const config = loadConfig();
  // The embedded database is not started beside a running Hot Leads on the same DATA_DIR.
  const lock = config.database.DATABASE_URL ? undefined : await lockDataDir((await prepareDataDir(config.app.DATA_DIR)).path);
  const secrets = await resolveSecrets(config);
  const db = await resolveDatabase(config, secrets);
  try {
    const applied = await runMigrations(db.url, (line) => console.log(line));
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
  } finally {
    await db.stop();
    lock?.release();
  }
}

main().catch((error: unknown) => {
  console.error(`migration:run failed: ${(error as Error).message}`);
  process.exit(1);
});
