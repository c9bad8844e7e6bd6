import type { Secrets } from './secrets-store';

export const RUNTIME = 'runtime';

// What main.ts resolved before Nest started: the database to use and the secrets.
export interface Runtime {
  databaseUrl: string;
  secrets: Secrets;
}
