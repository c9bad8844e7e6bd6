import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// One answer for unknown, used, expired or mismatched emailed tokens: which one it was helps nobody.
export class InvalidTokenException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_token', 'Invalid or expired link', {
      detail: 'This link is invalid, has expired or was already used. Ask for a new one.',
    });
  }
}
