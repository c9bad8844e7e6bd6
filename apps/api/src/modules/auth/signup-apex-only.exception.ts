import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// With BASE_DOMAIN set, a workspace's host serves that workspace only; new workspaces start on the apex.
export class SignupApexOnlyException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'signup_apex_only';

  constructor(apexUrl: string) {
    super(SignupApexOnlyException.status, SignupApexOnlyException.code, 'Sign-up is not available here', {
      detail: `New workspaces are created at ${apexUrl}, not at a workspace's address.`,
    });
  }
}
