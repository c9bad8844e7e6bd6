import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../../common/problem/problem.exception';

export class InvalidDuplicateCursorException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_cursor';

  constructor() {
    super(InvalidDuplicateCursorException.status, InvalidDuplicateCursorException.code, 'Invalid cursor', {
      detail: 'The cursor is not one this API produced; start again without it.',
    });
  }
}
