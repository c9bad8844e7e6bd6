import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Leads kept colliding with concurrent changes; nothing was stored and the request may be retried.
export class IngestContentionException extends ProblemException {
  static readonly status = HttpStatus.SERVICE_UNAVAILABLE;
  static readonly code = 'ingest_contention';
  static readonly headers = ['Retry-After'] as const;

  constructor() {
    super(IngestContentionException.status, IngestContentionException.code, 'Leads could not be stored because of concurrent changes; retry the request', {
      headers: { 'Retry-After': '1' },
    });
  }
}
