import { HttpStatus } from '@nestjs/common';
import { ProblemException, type FieldError } from '../problem/problem.exception';

export class InvalidTextException extends ProblemException {
  constructor(errors: FieldError[]) {
    super(HttpStatus.BAD_REQUEST, 'invalid_text', 'The request holds text that cannot be stored', {
      detail: errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields hold text that cannot be stored`,
      errors,
    });
  }
}
