import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class MfaNotEnabledException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'mfa_not_enabled';

  constructor() {
    super(MfaNotEnabledException.status, MfaNotEnabledException.code, 'MFA is not enabled', {
      detail: 'Two-factor authentication is not on for this account.',
    });
  }
}
