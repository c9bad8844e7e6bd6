import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Managing users must not be a way to gain more access than you already have.
export class GrantNotAllowedException extends ProblemException {
  constructor(detail: string, missing?: readonly string[]) {
    super(HttpStatus.FORBIDDEN, 'grant_not_allowed', 'Cannot grant this access', {
      detail,
      extensions: missing?.length ? { missing } : undefined,
    });
  }
}
