import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Replacing a live secret would let a stolen session swap the second factor without proving it.
export class MfaAlreadyEnabledException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'mfa_already_enabled', 'MFA is already enabled', {
      detail: 'Two-factor authentication is already on. Turn it off first to enrol a new authenticator.',
    });
  }
}
