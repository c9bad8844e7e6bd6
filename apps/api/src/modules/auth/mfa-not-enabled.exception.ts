import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class MfaNotEnabledException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'mfa_not_enabled', 'MFA is not enabled', {
      detail: 'Two-factor authentication is not on for this account.',
    });
  }
}
