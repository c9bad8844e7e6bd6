import { join } from 'node:path';
import type { Config } from '../config/load-config';
import type { Secrets } from '../config/secrets-store';
import { EmbeddedPostgresServer, type EmbeddedPostgresSupervisor } from './embedded-postgres.server';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseLogs {
  // PostgreSQL's own output.
  output: (line: string) => void;
  // Restarts after a crash, step by step; without it, no restarts (one-off scripts).
  supervisor: EmbeddedPostgresSupervisor;
}

// DATABASE_URL when set; otherwise the embedded server with its files in DATA_DIR/postgres, brought back
// whenever it exits while the API runs.
export async function resolveDatabase(config: Config, secrets: Secrets, logs: Partial<EmbeddedDatabaseLogs> = {}): Promise<ResolvedDatabase> {
  if (config.database.DATABASE_URL) {
    return { url: config.database.DATABASE_URL, embedded: false, stop: async () => undefined };
  }
  const server = new EmbeddedPostgresServer({
    dataDir: join(config.app.DATA_DIR, 'postgres'),
    password: secrets.embeddedPostgresPassword,
    port: config.database.EMBEDDED_POSTGRES_PORT,
    log: logs.output,
    supervisor: logs.supervisor,
  });
  try {
    const url = await server.start();
    return { url, embedded: true, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
