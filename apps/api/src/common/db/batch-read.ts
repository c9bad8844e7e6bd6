import type { EntityManager } from 'typeorm';
import { queryRows } from './sql';

// A read that can travel with others in one round trip (TenantDb.reads) or run inside an open transaction
// (runRead): its SQL, whose every parameter carries a cast, and what its rows mean.
export interface BatchRead<T> {
  sql: string;
  params: unknown[];
  map(rows: unknown[]): T;
}

export async function runRead<T>(m: EntityManager, read: BatchRead<T>): Promise<T> {
  return read.map(await queryRows(m, read.sql, read.params));
}
