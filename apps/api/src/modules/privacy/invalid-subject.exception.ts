import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Neither a usable email nor a phone that parses as an international number.
export class InvalidSubjectException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_subject';

  constructor(errors: Array<{ field: string; message: string }>) {
    super(InvalidSubjectException.status, InvalidSubjectException.code, 'Give an email or a phone number', { detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors });
  }
}
