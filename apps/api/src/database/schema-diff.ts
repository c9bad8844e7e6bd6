import { DataSource, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

// TypeORM's schema reader (getTables) sends its per-table and per-column queries with Promise.all on one
// connection, and pg deprecates a query sent while the client is still busy with another (an error in pg 9).
// Queued here, one after the other, in the order they were asked for.
function oneQueryAtATime(runner: QueryRunner): QueryRunner {
  const query = runner.query.bind(runner);
  let previous: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const result = previous.then(() => query(...args));
    previous = result.catch(() => undefined);
    return result;
  }) as QueryRunner['query'];
  return runner;
}

// What the entities want that the migrations do not create, computed on a database migrated from scratch.
export async function schemaDiff(url: string): Promise<SchemaDiff> {
  await runMigrations(url);
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 2, applicationName: 'hotleads-schema-diff' }));
  await dataSource.initialize();
  // The schema builder takes its query runner from here.
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => oneQueryAtATime(createQueryRunner(mode));
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await dataSource.destroy();
  }
}
