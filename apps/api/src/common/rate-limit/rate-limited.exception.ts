import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class RateLimitedException extends ProblemException {
  static readonly status = HttpStatus.TOO_MANY_REQUESTS;
  static readonly code = 'rate_limited';
  static readonly headers = ['Retry-After'] as const;

  constructor(retryAfterSeconds: number) {
    super(RateLimitedException.status, RateLimitedException.code, 'Too many requests', {
      detail: `Too many requests; retry after ${retryAfterSeconds} seconds.`,
      extensions: { retryAfter: retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
  }
}
