import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

// PostgreSQL 57014 (query_canceled): a statement ran past its route's statement_timeout, or was cancelled
// because its client hung up (then nobody reads the answer).
export function isQueryCanceled(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false;
  const { code, driverError, cause } = error as { code?: unknown; driverError?: unknown; cause?: unknown };
  if (code === '57014') return true;
  return isQueryCanceled(driverError, depth + 1) || isQueryCanceled(cause, depth + 1);
}

// Seconds before a retry is worth it: the load that made the statement slow may have passed by then.
export const QUERY_TIMEOUT_RETRY_AFTER_SECONDS = 5;

export class QueryTimeoutException extends ProblemException {
  static readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  static readonly code = 'query_timeout';
  static readonly headers = ['Retry-After'] as const;

  constructor() {
    super(QueryTimeoutException.status, QueryTimeoutException.code, 'Query took too long', {
      detail: 'The database did not answer within the time this kind of request may take; narrow the request or retry shortly',
      headers: { 'retry-after': String(QUERY_TIMEOUT_RETRY_AFTER_SECONDS) },
    });
  }
}
