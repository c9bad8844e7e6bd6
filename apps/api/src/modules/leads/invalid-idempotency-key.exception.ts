import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidIdempotencyKeyException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_idempotency_key';

  constructor() {
    super(InvalidIdempotencyKeyException.status, InvalidIdempotencyKeyException.code, 'Invalid Idempotency-Key header', {
      detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }],
    });
  }
}
