import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class IdempotencyKeyReusedException extends ProblemException {
  constructor() {
    super(HttpStatus.UNPROCESSABLE_ENTITY, 'idempotency_key_reused', 'Idempotency key reused with a different request', {
      detail: 'This Idempotency-Key was already used with a different request body; use a new key for a new request',
    });
  }
}
