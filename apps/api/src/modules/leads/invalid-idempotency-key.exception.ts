import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidIdempotencyKeyException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_idempotency_key', 'Invalid Idempotency-Key header', {
      detail: 'Idempotency-Key must be 1 to 255 printable ASCII characters',
      errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' }],
    });
  }
}
