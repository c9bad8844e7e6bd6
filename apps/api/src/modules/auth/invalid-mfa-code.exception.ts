import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InvalidMfaCodeException extends ProblemException {
  constructor(detail = 'The code is wrong or was already used; wait for the next one from your authenticator app.') {
    super(HttpStatus.BAD_REQUEST, 'invalid_mfa_code', 'Invalid code', { detail });
  }
}
