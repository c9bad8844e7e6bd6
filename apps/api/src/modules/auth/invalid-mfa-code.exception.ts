import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// A wrong TOTP or recovery code. At sign-in (the second step) it is a failed authentication, so 401; when
// turning MFA on or off it is a bad field of a signed-in request, so 400.
export class InvalidMfaCodeException extends ProblemException {
  constructor(
    detail = 'The code is wrong or was already used; wait for the next one from your authenticator app.',
    status: HttpStatus.BAD_REQUEST | HttpStatus.UNAUTHORIZED = HttpStatus.BAD_REQUEST,
  ) {
    super(status, 'invalid_mfa_code', 'Invalid code', { detail });
  }
}
