import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class IdempotencyRequestInFlightException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'idempotency_request_in_flight';
  static readonly headers = ['Retry-After'] as const;

  constructor() {
    super(IdempotencyRequestInFlightException.status, IdempotencyRequestInFlightException.code, 'A request with this idempotency key is still in progress', {
      detail: 'The first request with this Idempotency-Key has not finished yet; retry shortly',
      headers: { 'Retry-After': '1' },
    });
  }
}
