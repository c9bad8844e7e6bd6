import { join } from 'node:path';
import type { Config } from '../config/load-config';
import type { Secrets } from '../config/secrets-store';
import { EmbeddedPostgresServer } from './embedded-postgres.server';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

// DATABASE_URL when set; otherwise the embedded server with its files in DATA_DIR/postgres.
export async function resolveDatabase(config: Config, secrets: Secrets, log: (line: string) => void): Promise<ResolvedDatabase> {
  if (config.database.DATABASE_URL) {
    return { url: config.database.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const server = new EmbeddedPostgresServer({
    dataDir: join(config.app.DATA_DIR, 'postgres'),
    password: secrets.embeddedPostgresPassword,
    port: config.database.EMBEDDED_POSTGRES_PORT,
    log,
  });
  try {
    const url = await server.start();
    return { url, embedded: true, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
