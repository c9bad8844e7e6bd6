import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import { statementScope } from './statement-scope';
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
    if (!isUuid(tenantId)) {
      return Promise.reject(new Error(`TenantDb.run needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`));
    }
    return this.transaction(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`, fn);
  }

  // A pooled connection inside an open tenant transaction, for work that outlives a callback: COPY
  // streams whose response is still being written when the caller returns. The caller ends the
  // transaction (COMMIT/ROLLBACK) and must call release() once, with destroy=true when the connection
  // is in an unknown state (a stream cut short).
  async connect(tenantId: string, options: { readOnly?: boolean } = {}): Promise<TenantConnection> {
    if (!isUuid(tenantId)) throw new Error(`TenantDb.connect needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`);
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    try {
      await client.query(`START TRANSACTION${options.readOnly ? ' READ ONLY' : ''}; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    let released = false;
    return {
      client,
      release: (destroy = false) => {
        if (released) return;
        released = true;
        client.release(destroy);
      },
    };
  }

  // Only for finding a credential before its tenant is known (sign-in by email, refresh token, API key,
  // emailed tokens) and for creating a tenant. Nothing else may use it.
  crossTenant<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction(`START TRANSACTION; SELECT set_config('hotleads.cross_tenant', 'on', true)`, fn);
  }

  // What EntityManager.transaction does, with our opening statement in place of START TRANSACTION. Inside
  // a request (statement-scope.ts) the statements get the route's timeout, and the one running when the
  // client hangs up is cancelled.
  private async transaction<T>(begin: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const scope = statementScope.getStore();
    const timeout = scope && scope.timeoutMs > 0 ? `; SET LOCAL statement_timeout = ${Math.floor(scope.timeoutMs)}` : '';
    const runner = this.dataSource.createQueryRunner();
    let cancelling: Promise<unknown> | undefined;
    let onAbort: (() => void) | undefined;
    try {
      const client = (await runner.connect()) as PoolClient;
      try {
        await client.query(begin + timeout);
      } catch (error) {
        // A failed setting leaves the transaction open and aborted.
        await client.query('ROLLBACK').catch(() => undefined);
        throw new QueryFailedError(begin, undefined, error as Error);
      }
      if (scope) {
        const pid = (client as PoolClient & { processID?: number }).processID;
        onAbort = () => {
          if (pid) cancelling = this.dataSource.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
        };
        if (scope.signal.aborted) onAbort();
        else scope.signal.addEventListener('abort', onAbort, { once: true });
      }
      markTransactionOpen(runner);
      try {
        const result = await fn(runner.manager);
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
      if (onAbort) scope!.signal.removeEventListener('abort', onAbort);
      // A cancel still on its way must land before the connection serves another request.
      if (cancelling) await cancelling;
      await runner.release();
    }
  }
}

export interface TenantConnection {
  client: PoolClient;
  release(destroy?: boolean): void;
}

// Tells the query runner a transaction is open, as its startTransaction would: saves inside `fn` then
// join it instead of opening their own, nested transactions become savepoints, and commit/rollback
// end it. (transactionDepth is protected in TypeORM's typings; no subscriber listens to the
// transaction-start events startTransaction would broadcast.)
function markTransactionOpen(runner: QueryRunner): void {
  Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
}
