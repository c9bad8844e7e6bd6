import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Managing users must not be a way to gain more access than you already have.
export class GrantNotAllowedException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'grant_not_allowed';

  constructor(detail: string, missing?: readonly string[]) {
    super(GrantNotAllowedException.status, GrantNotAllowedException.code, 'Cannot grant this access', {
      detail,
      extensions: missing?.length ? { missing } : undefined,
    });
  }
}
