import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class MfaRequiredByWorkspaceException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'mfa_required_by_workspace', 'MFA is required in this workspace', {
      detail: 'This workspace requires two-factor authentication, so it cannot be turned off.',
    });
  }
}
