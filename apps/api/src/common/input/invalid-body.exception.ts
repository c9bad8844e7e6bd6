import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class InvalidBodyException extends ProblemException {
  constructor(detail = 'The request body must be a JSON object') {
    super(HttpStatus.BAD_REQUEST, 'invalid_body', 'The request body has the wrong shape', { detail });
  }
}
