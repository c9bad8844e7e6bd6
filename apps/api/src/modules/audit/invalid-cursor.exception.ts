import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidCursorException extends ProblemException {
  constructor() {
    super(HttpStatus.BAD_REQUEST, 'invalid_cursor', 'Invalid cursor', {
      detail: 'The cursor is not one this API produced; start again without it.',
    });
  }
}
