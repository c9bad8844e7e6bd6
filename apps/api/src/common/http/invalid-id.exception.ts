import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class InvalidIdException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_id';

  constructor(field: string) {
    super(InvalidIdException.status, InvalidIdException.code, 'Invalid id', {
      detail: `The ${field} in the path must be a UUID.`,
      errors: [{ field, message: `${field} must be a UUID` }],
    });
  }
}
