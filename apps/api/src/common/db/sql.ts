import type { EntityManager } from 'typeorm';

// TypeORM's raw query answers UPDATE/DELETE ... RETURNING with [rows, rowCount] but SELECT and INSERT
// with rows; this always gives the rows.
export async function queryRows<T>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
