import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class InvalidIdException extends ProblemException {
  constructor(field: string) {
    super(HttpStatus.BAD_REQUEST, 'invalid_id', 'Invalid id', {
      detail: `The ${field} in the path must be a UUID.`,
      errors: [{ field, message: `${field} must be a UUID` }],
    });
  }
}
