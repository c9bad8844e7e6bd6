import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class IdempotencyKeyReusedException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'idempotency_key_reused';

  constructor() {
    super(IdempotencyKeyReusedException.status, IdempotencyKeyReusedException.code, 'Idempotency key reused with a different request', {
      detail: 'This Idempotency-Key was already used with a different request body; use a new key for a new request',
    });
  }
}
