import type { Secrets } from './secrets-store';

export const RUNTIME = 'runtime';

// What main.ts resolved before Nest started: the database to use and the secrets.
export interface Runtime {
  // Connects as the unprivileged application role (row-level security applies).
  databaseUrl: string;
  // The owner's connection (migrations' role), for the job queue's own schema and maintenance.
  ownerDatabaseUrl: string;
  secrets: Secrets;
}
