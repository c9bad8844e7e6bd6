import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class BulkTooLargeException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'bulk_enrich_too_large';

  constructor() {
    super(BulkTooLargeException.status, BulkTooLargeException.code, 'Too many leads for one bulk enrichment', {
      detail: 'One request enriches at most 10,000 leads; narrow the filter or send ids in batches.',
    });
  }
}
