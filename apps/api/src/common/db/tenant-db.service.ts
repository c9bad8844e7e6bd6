import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, type ClientConfig, type Pool, type PoolClient } from 'pg';
import { DataSource, QueryFailedError, type EntityManager, type QueryRunner } from 'typeorm';
import type { BatchRead } from './batch-read';
import { inlineParams } from './inline-params';
import { statementScope } from './statement-scope';
import { isUuid } from './uuid';

// Every tenant-owned query runs inside one of these transactions. PostgreSQL row-level security reads
// the transaction-local settings, so a query that forgets its tenant filter still sees nothing else.
//
// The transaction opens with BEGIN and the setting in one simple-protocol round trip instead of two
// (a request's database time is mostly round trips). The tenant id is written into that SQL, which is
// safe only because it must first be a UUID.
@Injectable()
export class TenantDb implements OnApplicationShutdown {
  // The connection that cancels statements of requests whose client left. Not one of the pool's: a burst of
  // clients hanging up (a load balancer's timeout, a load test ending) leaves their requests holding every
  // pooled connection while they wait for their cancel, and a cancel queued behind the pool would wait for
  // one of them: the whole API stalled until the pool's connect timeout.
  private canceller?: Promise<Client>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    const canceller = this.canceller;
    this.canceller = undefined;
    if (canceller) await canceller.then((c) => c.end()).catch(() => undefined);
  }

  // Best effort: a cancel that cannot be sent leaves the statement to its timeout.
  private async cancelBackend(pid: number): Promise<void> {
    try {
      this.canceller ??= this.openCanceller();
      const client = await this.canceller;
      await client.query('SELECT pg_cancel_backend($1)', [pid]);
    } catch {
      this.canceller = undefined;
    }
  }

  private async openCanceller(): Promise<Client> {
    const pool = (this.dataSource.driver as unknown as { master: Pool & { options: ClientConfig } }).master;
    const client = new Client({ ...pool.options, application_name: 'hotleads-cancel' });
    // A broken canceller is replaced on the next cancel.
    client.on('error', () => {
      this.canceller = undefined;
    });
    await client.connect();
    return client;
  }

  run<T>(tenantId: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    if (!isUuid(tenantId)) {
      return Promise.reject(new Error(`TenantDb.run needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`));
    }
    return this.transaction(`START TRANSACTION; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`, (m) => fn(m));
  }

  // The same tenant transaction, with the connection's raw pg client beside the manager: COPY and
  // streamed results (pg-copy-streams, cursors) need the client itself. Both are the same connection,
  // so the tenant setting and the transaction cover what either runs. `readOnly` opens it READ ONLY.
  withClient<T>(tenantId: string, fn: (client: PoolClient, m: EntityManager) => Promise<T>, options: { readOnly?: boolean } = {}): Promise<T> {
    if (!isUuid(tenantId)) {
      return Promise.reject(new Error(`TenantDb.withClient needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`));
    }
    const mode = options.readOnly ? ' READ ONLY' : '';
    return this.transaction(`START TRANSACTION${mode}; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)`, (m, _opened, client) => fn(client, m));
  }

  // A whole tenant transaction in one round trip: BEGIN, the tenant setting, `statement`, COMMIT, sent
  // as one simple-protocol query. `statement` must be a single statement with every value written in as
  // a literal (inlineParams); answers its rows. On an error nothing is committed.
  async script<T = Record<string, unknown>>(tenantId: string, statement: string): Promise<T[]> {
    const [rows] = await this.batch(tenantId, [statement]);
    return rows as T[];
  }

  // Several such statements in one transaction and one round trip; answers each statement's rows, in order.
  scripts(tenantId: string, statements: string[]): Promise<unknown[][]> {
    return this.batch(tenantId, statements);
  }

  // Reads in a transaction of their own, sent with its opening and COMMIT as one simple-protocol query:
  // one round trip instead of two plus one per read (measured on a list page and its total: 2.4 ms instead
  // of 3.9 ms, and less CPU on both sides than the same reads as prepared statements). Each read's SQL
  // casts every parameter (inlineParams writes them in); answers each read's mapped rows, in order.
  async reads<T extends readonly BatchRead<unknown>[]>(tenantId: string, reads: T): Promise<{ -readonly [K in keyof T]: T[K] extends BatchRead<infer R> ? R : never }> {
    const results = await this.batch(
      tenantId,
      reads.map((r) => inlineParams(r.sql, r.params)),
      { readOnly: true },
    );
    return reads.map((r, i) => r.map(results[i])) as { -readonly [K in keyof T]: T[K] extends BatchRead<infer R> ? R : never };
  }

  // The statements (every value already written in) between the opening and COMMIT, as one query. The
  // route's statement timeout applies, and a client hanging up cancels it, as in run().
  private async batch(tenantId: string, statements: string[], options: { readOnly?: boolean } = {}): Promise<unknown[][]> {
    if (!isUuid(tenantId)) throw new Error(`TenantDb needs a tenant id that is a UUID, got ${JSON.stringify(tenantId)}`);
    const mode = options.readOnly ? ' READ ONLY' : '';
    const text = `START TRANSACTION${mode}; SELECT set_config('hotleads.tenant_id', '${tenantId}', true)${scopeTimeout()}; ${statements.join('; ')}; COMMIT`;
    const runner = this.dataSource.createQueryRunner();
    const cancel = this.cancelOnHangUp();
    try {
      const client = (await runner.connect()) as PoolClient;
      cancel.watch(client);
      try {
        const results = (await client.query(text)) as unknown as Array<{ rows: unknown[] }>;
        // The statements' results sit between the opening's and COMMIT's.
        const first = results.length - 1 - statements.length;
        return statements.map((_, i) => results[first + i].rows);
      } catch (error) {
        // A failure inside leaves the transaction open and aborted.
        await client.query('ROLLBACK').catch(() => undefined);
        throw new QueryFailedError(statements.join('; '), undefined, error as Error);
      }
    } finally {
      await cancel.done();
      await runner.release();
    }
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

  // Work a request still owes after its client may have gone (marking an upload failed, releasing an
  // idempotency key): outside the request's statement scope, so the cancel that stops the request's own
  // statements on a hang-up does not stop this too. The default statement timeout of the role applies.
  detached<T>(fn: () => Promise<T>): Promise<T> {
    return statementScope.exit(fn);
  }

  // Only for finding a credential before its tenant is known (sign-in by email, refresh token, API key,
  // emailed tokens) and for creating a tenant. Nothing else may use it.
  crossTenant<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction(`START TRANSACTION; SELECT set_config('hotleads.cross_tenant', 'on', true)`, (m) => fn(m));
  }

  // One read in a transaction of its own, in one round trip (see reads), for a hot single read (a job's
  // delivery). Its values are UUIDs only, given through `uuids` (see withUuids).
  async readOnce<T>(tenantId: string, sql: string, uuids: string[]): Promise<T[]> {
    const [rows] = await this.batch(tenantId, [withUuids(sql, uuids)], { readOnly: true });
    return rows as T[];
  }

  // A credential look-up (the crossTenant rule) whose transaction then becomes the transaction of the
  // workspace it found, opened in one round trip: the look-up runs with cross_tenant on, then the row's
  // "tenantId" becomes hotleads.tenant_id and cross_tenant goes off, before `fn` sees the row. So
  // everything `fn` does stays in that one workspace; with no row it gets null and a transaction that sees
  // no tenant's rows. For the webhook endpoint, whose cost is its round trips. `lookup` must select
  // "tenantId" and take values only through `uuids` (see withUuids).
  async inTenantOf<R extends { tenantId: string }, T>(lookup: string, uuids: string[], fn: (row: R | null, m: EntityManager) => Promise<T>): Promise<T> {
    const sql = withUuids(lookup, uuids);
    const begin = [
      'START TRANSACTION',
      `SELECT set_config('hotleads.cross_tenant', 'on', true)`,
      sql,
      `SELECT set_config('hotleads.tenant_id', coalesce((SELECT l."tenantId"::text FROM (${sql}) l LIMIT 1), ''), true)`,
      `SELECT set_config('hotleads.cross_tenant', 'off', true)`,
    ].join('; ');
    return this.transaction(begin, (m, opened) => fn((opened[2]?.rows[0] as R | undefined) ?? null, m));
  }

  // What EntityManager.transaction does, with our opening statement in place of START TRANSACTION. Inside
  // a request (statement-scope.ts) the statements get the route's timeout, and the one running when the
  // client hangs up is cancelled.
  // `fn` also gets the results of the opening's statements (the route's timeout is set after them).
  private async transaction<T>(begin: string, fn: (m: EntityManager, opened: Array<{ rows: unknown[] }>, client: PoolClient) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const cancel = this.cancelOnHangUp();
    try {
      const client = (await runner.connect()) as PoolClient;
      let opened: Array<{ rows: unknown[] }>;
      try {
        const results = (await client.query(begin + scopeTimeout())) as unknown as Array<{ rows: unknown[] }> | { rows: unknown[] };
        opened = Array.isArray(results) ? results : [results];
      } catch (error) {
        // A failed setting leaves the transaction open and aborted.
        await client.query('ROLLBACK').catch(() => undefined);
        throw new QueryFailedError(begin, undefined, error as Error);
      }
      cancel.watch(client);
      markTransactionOpen(runner);
      try {
        const result = await fn(runner.manager, opened, client);
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
      await cancel.done();
      await runner.release();
    }
  }

  // Inside a request (statement-scope.ts): when its client hangs up, the statement running on the watched
  // connection is cancelled. done() must run before the connection goes back to the pool, so a cancel still
  // on its way lands before the connection serves another request.
  private cancelOnHangUp(): { watch(client: PoolClient): void; done(): Promise<void> } {
    const scope = statementScope.getStore();
    let cancelling: Promise<unknown> | undefined;
    let onAbort: (() => void) | undefined;
    return {
      watch: (client) => {
        if (!scope) return;
        const pid = (client as PoolClient & { processID?: number }).processID;
        onAbort = () => {
          if (pid) cancelling = this.cancelBackend(pid);
        };
        if (scope.signal.aborted) onAbort();
        else scope.signal.addEventListener('abort', onAbort, { once: true });
      },
      done: async () => {
        if (onAbort) scope!.signal.removeEventListener('abort', onAbort);
        if (cancelling) await cancelling;
      },
    };
  }
}

// Inside a request (statement-scope.ts), the route's statement timeout for the transaction being opened.
function scopeTimeout(): string {
  const scope = statementScope.getStore();
  return scope && scope.timeoutMs > 0 ? `; SET LOCAL statement_timeout = ${Math.floor(scope.timeoutMs)}` : '';
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

// The simple protocol (several statements in one query) takes no parameters: $1, $2, ... in `sql` become
// the given values as literals, each first checked to be a UUID, so nothing else can be written in.
function withUuids(sql: string, uuids: string[]): string {
  const bad = uuids.find((u) => !isUuid(u));
  if (bad !== undefined) throw new Error(`TenantDb one-round-trip statements take UUIDs only, got ${JSON.stringify(bad)}`);
  return sql.replace(/\$(\d+)/g, (_, n: string) => `'${uuids[Number(n) - 1]}'::uuid`);
}
