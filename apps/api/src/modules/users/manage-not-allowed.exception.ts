import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Nobody acts on a user (or a role) that holds more access than they do: owners are changed only by owners.
export class ManageNotAllowedException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'manage_not_allowed';

  constructor(detail: string) {
    super(ManageNotAllowedException.status, ManageNotAllowedException.code, 'Cannot manage this access', { detail });
  }
}
