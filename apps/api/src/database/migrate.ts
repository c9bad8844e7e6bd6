import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

// Any fixed number: all replicas agree on it, so only one runs migrations at a time.
const MIGRATION_LOCK = 4_815_162_342;

export async function runMigrations(url: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 2, applicationName: 'hotleads-migrate' }));
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
