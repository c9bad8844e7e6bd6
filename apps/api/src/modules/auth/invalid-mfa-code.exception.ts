import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// A wrong TOTP or recovery code. At sign-in (the second step) it is a failed authentication, so 401; when
// turning MFA on or off it is a bad field of a signed-in request, so 400.
export class InvalidMfaCodeException extends ProblemException {
  static readonly status = HttpStatus.BAD_REQUEST;
  static readonly code = 'invalid_mfa_code';
  // The same code as a failed sign-in step.
  static readonly atSignIn = { status: HttpStatus.UNAUTHORIZED, code: InvalidMfaCodeException.code } as const;

  constructor(
    detail = 'The code is wrong or was already used; wait for the next one from your authenticator app.',
    status: HttpStatus.BAD_REQUEST | HttpStatus.UNAUTHORIZED = InvalidMfaCodeException.status,
  ) {
    super(status, InvalidMfaCodeException.code, 'Invalid code', { detail });
  }
}
