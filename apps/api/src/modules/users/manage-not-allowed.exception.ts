import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Nobody acts on a user (or a role) that holds more access than they do: owners are changed only by owners.
export class ManageNotAllowedException extends ProblemException {
  constructor(detail: string) {
    super(HttpStatus.FORBIDDEN, 'manage_not_allowed', 'Cannot manage this access', { detail });
  }
}
