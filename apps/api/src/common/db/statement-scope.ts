import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';
import { SetMetadata } from '@nestjs/common';
import type { DatabaseConfig } from '../../config/database.config';

// How long one SQL statement of a request may run, by the kind of route: reads answer in milliseconds
// and a slow one only holds a connection others wait for; bulk changes and exports legitimately run
// for seconds. Chosen by the method (GET: read, others: write) unless a route names its class. An upload
// (COPY FROM STDIN of a CSV) lasts as long as its client takes to send it, so it has no timeout; a client
// that hangs up still cancels it.
export const STATEMENT_CLASSES = ['read', 'write', 'bulk', 'upload'] as const;
export type StatementClass = (typeof STATEMENT_CLASSES)[number];

export const STATEMENT_CLASS_KEY = 'hotleads:statement-class';

export const StatementClassOf = (kind: StatementClass): MethodDecorator & ClassDecorator => SetMetadata(STATEMENT_CLASS_KEY, kind);

// What TenantDb needs to know about the request it works for: the statement timeout (0: none) and a
// signal that fires when the client has gone before its answer, so the statement running for it stops.
export interface StatementScope {
  timeoutMs: number;
  signal: AbortSignal;
}

export const statementScope = new AsyncLocalStorage<StatementScope>();

// The scope of one HTTP request whose response is `response`: its signal fires when the response closes
// before it was finished (the client hung up or gave up).
export function requestStatementScope(response: ServerResponse, timeoutMs: number): StatementScope {
  const aborted = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) aborted.abort();
  });
  return { timeoutMs, signal: aborted.signal };
}

// The statement timeout of a route class (0: none).
export function statementTimeoutOf(kind: StatementClass, config: DatabaseConfig): number {
  return { read: config.DATABASE_READ_TIMEOUT_MS, write: config.DATABASE_WRITE_TIMEOUT_MS, bulk: config.DATABASE_BULK_TIMEOUT_MS, upload: 0 }[kind];
}
