import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// One answer for unknown, used, expired or mismatched emailed tokens: which one it was helps nobody.
export class InvalidTokenException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_token';

  constructor() {
    super(InvalidTokenException.status, InvalidTokenException.code, 'Invalid or expired link', {
      detail: 'This link is invalid, has expired or was already used. Ask for a new one.',
    });
  }
}
