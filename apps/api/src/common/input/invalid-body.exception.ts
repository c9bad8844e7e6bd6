import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class InvalidBodyException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_body';

  constructor(detail = 'The request body must be a JSON object') {
    super(InvalidBodyException.status, InvalidBodyException.code, 'The request body has the wrong shape', { detail });
  }
}
