import { createHash } from 'node:crypto';
import type { PoolClient, QueryResultRow } from 'pg';
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

// Runs a hot query as a named prepared statement on the transaction's connection: PostgreSQL parses and
// plans its text once per connection instead of on every request. The name comes from the text, so one
// builder's variants (other filters) become separate statements. Outside a TypeORM query runner (the
// benchmark's baseline hands a bare `query`) it runs as a plain query.
export async function queryNamed<T>(m: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = (m.queryRunner as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!client) return queryRows<T>(m, sql, params);
  const result = await client.query<T & QueryResultRow>({ name: statementName(sql), text: sql, values: params });
  return result.rows;
}

const names = new Map<string, string>();

function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `hl_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    // The texts come from a few builders; the bound only guards against a builder that inlines values.
    if (names.size < 5_000) names.set(sql, name);
  }
  return name;
}
