import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { runMigrations } from './migrate';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

// What the entities want that the migrations do not create, computed on a database migrated from scratch.
export async function schemaDiff(url: string): Promise<SchemaDiff> {
  await runMigrations(url);
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 2, applicationName: 'hotleads-schema-diff' }));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return { up: sql.upQueries.map((q) => q.query), down: sql.downQueries.map((q) => q.query).reverse() };
  } finally {
    await dataSource.destroy();
  }
}
