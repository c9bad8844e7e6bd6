import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

// Seconds a client should wait before retrying while the database is away (an embedded server restarts
// within a few seconds; an external one is back when it is back).
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export class DatabaseUnavailableException extends ProblemException {
  static readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  static readonly code = 'database_unavailable';
  static readonly headers = ['Retry-After'] as const;

  constructor() {
    super(DatabaseUnavailableException.status, DatabaseUnavailableException.code, 'Database unavailable', {
      detail: 'The database cannot be reached right now; retry shortly',
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
}
