import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import { isUuid } from './uuid';

// Every tenant-owned query runs inside one of these transactions. PostgreSQL row-level security reads
// the transaction-local settings, so a query that forgets its tenant filter still sees nothing else.
//
// The transaction opens with BEGIN and the setting in one simple-protocol round trip instead of two
// (a request's database time is mostly round trips). The tenant id is written into that SQL, which is
// safe only because it must first be a UUID.
@Injectable()
export class TenantDb {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.withClient(tenantId, (_client, m) => fn(m));
  }

  // The same tenant transaction, with the connection's raw pg client beside the manager: COPY and
  // streamed results (pg-copy-streams, cursors) need the client itself. Both are the same connection,
  // so the tenant setting and the transaction cover what either runs. `readOnly` opens it READ ONLY.
  withClient<T>(tenantId: string, fn: (client: PoolClient, m: EntityManager) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
    if (!isUuid(tenantId)) {
      return Promise.reject(new Error(`TenantDb.run needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`));
    }
    const mode = options.readOnly ? ' READ ONLY' : '';
    return this.transaction(`START TRANSACTION${mode}; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`, fn);
  }

  // A whole tenant transaction in one round trip: BEGIN, the tenant setting, `statement`, COMMIT, sent
  // as one simple-protocol query. `statement` must be a single statement with every value written in as
  // a literal (inlineParams); answers its rows. On an error nothing is committed.
  async script<T = Record<string, unknown>>(tenantId: string, statement: string): Promise<T[]> {
    if (!isUuid(tenantId)) throw new Error(`TenantDb.script needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`);
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const sql = `START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true); ${statement}; COMMIT`;
      try {
        const results = (await client.query(sql)) as unknown as Array<QueryResult<T & QueryResultRow>>;
        return results[2].rows;
      } catch (error) {
        // The failed statement left the transaction open and aborted.
        await client.query('ROLLBACK').catch(() => undefined);
        throw new QueryFailedError(statement, undefined, error as Error);
      }
    } finally {
      await runner.release();
    }
  }

  // Only for finding a credential before its tenant is known (sign-in by email, refresh token, API key,
  // emailed tokens) and for creating a tenant. Nothing else may use it.
  crossTenant<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction(`START TRANSACTION; SELECT set_config('hotleads.cross_tenant', 'on', true)`, (_client, m) => fn(m));
  }

  // What EntityManager.transaction does, with our opening statement in place of START TRANSACTION.
  private async transaction<T>(begin: string, fn: (client: PoolClient, m: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      try {
        await client.query(begin);
      } catch (error) {
        // A failed setting leaves the transaction open and aborted.
        await client.query('ROLLBACK').catch(() => undefined);
        throw new QueryFailedError(begin, undefined, error as Error);
      }
      markTransactionOpen(runner);
      try {
        const result = await fn(client, runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        try {
          await runner.rollbackTransaction();
        } catch {
          // The original error is the one to report.
        }
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}

// Tells the query runner a transaction is open, as its startTransaction would: saves inside `fn` then
// join it instead of opening their own, nested transactions become savepoints, and commit/rollback
// end it. (transactionDepth is protected in TypeORM's typings; no subscriber listens to the
// transaction-start events startTransaction would broadcast.)
function markTransactionOpen(runner: QueryRunner): void {
  Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
}
