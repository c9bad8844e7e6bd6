import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class RateLimitedException extends ProblemException {
  constructor(retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, 'rate_limited', 'Too many requests', {
      detail: `Too many requests; retry after ${retryAfterSeconds} seconds.`,
      extensions: { retryAfter: retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
