import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class TooManyStreamsException extends ProblemException {
  static readonly status = HttpStatus.TOO_MANY_REQUESTS;
  static readonly code = 'too_many_streams';
  static readonly headers = ['Retry-After'] as const;

  constructor(limit: number) {
    super(TooManyStreamsException.status, TooManyStreamsException.code, 'Too many event streams', {
      detail: `At most ${limit} event streams may be open at once for one user or API key; close another first.`,
      extensions: { limit },
      headers: { 'retry-after': '5' },
    });
  }
}
