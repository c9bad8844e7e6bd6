import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidMfaCodeException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_mfa_code';

  constructor(detail = 'The code is wrong or was already used; wait for the next one from your authenticator app.') {
    super(InvalidMfaCodeException.status, InvalidMfaCodeException.code, 'Invalid code', { detail });
  }
}
