import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class MfaRequiredByWorkspaceException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'mfa_required_by_workspace';

  constructor() {
    super(MfaRequiredByWorkspaceException.status, MfaRequiredByWorkspaceException.code, 'MFA is required in this workspace', {
      detail: 'This workspace requires two-factor authentication, so it cannot be turned off.',
    });
  }
}
