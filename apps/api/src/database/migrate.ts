import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any fixed number: all replicas agree on it, so only one runs migrations at a time.
const MIGRATION_LOCK = 4_815_162_342;

const MIGRATIONS_DIR = join(__dirname, 'migrations');

// Migration files up to and including the one with this timestamp (the file name's leading number).
function migrationsUpTo(timestamp: string): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-.+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => BigInt(f.slice(0, f.indexOf('-'))) <= BigInt(timestamp))
    .map((f) => join(MIGRATIONS_DIR, f));
}

// The newest migration this build knows, as its timestamp.
export function latestMigrationTimestamp(): string {
  const stamps = readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d+-.+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => BigInt(f.slice(0, f.indexOf('-'))));
  return stamps.reduce((a, b) => (b > a ? b : a), 0n).toString();
}

// `upTo`: stop after the migration with that timestamp (a restore brings an empty database to its backup's
// schema first, loads, then runs the rest).
export async function runMigrations(url: string, log: (message: string) => void = () => undefined, options: { upTo?: string } = {}): Promise<string[]> {
  const base = dataSourceOptions({ url, poolSize: 2, applicationName: 'hotleads-migrate' });
  const dataSource = new DataSource(options.upTo ? { ...base, migrations: migrationsUpTo(options.upTo) } : base);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const m of applied) log(`migration applied: ${m.name}`);
    return applied.map((m) => m.name);
  } finally {
    await runner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
