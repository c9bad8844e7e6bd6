import { HttpStatus } from '@nestjs/common';
import { ProblemException, type FieldError } from '../problem/problem.exception';

export class InvalidTextException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_text';

  constructor(errors: FieldError[]) {
    super(InvalidTextException.status, InvalidTextException.code, 'The request holds text that cannot be stored', {
      detail: errors.length === 1 ? `${errors[0].field}: ${errors[0].message}` : `${errors.length} fields hold text that cannot be stored`,
      errors,
    });
  }
}
