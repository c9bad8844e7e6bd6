import 'reflect-metadata';
import { loadConfig } from '../config/load-config';
import { resolveSecrets } from '../config/secrets-store';
import { runMigrations } from '../database/migrate';
import { resolveDatabase } from '../database/resolve-database';

// `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
async function main(): Promise<void> {
  const config = loadConfig();
  const secrets = await resolveSecrets(config);
  const db = await resolveDatabase(config, secrets, () => undefined);
  try {
    const applied = await runMigrations(db.url, (line) => console.log(line));
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
  } finally {
    await db.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`migration:run failed: ${(error as Error).message}`);
  process.exit(1);
});
