import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Replacing a live secret would let a stolen session swap the second factor without proving it.
export class MfaAlreadyEnabledException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'mfa_already_enabled';

  constructor() {
    super(MfaAlreadyEnabledException.status, MfaAlreadyEnabledException.code, 'MFA is already enabled', {
      detail: 'Two-factor authentication is already on. Turn it off first to enrol a new authenticator.',
    });
  }
}
