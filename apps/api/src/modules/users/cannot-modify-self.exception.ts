import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Guards against locking yourself out; another user with users:manage can make the change.
export class CannotModifySelfException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'cannot_modify_self';

  constructor(what: string) {
    super(CannotModifySelfException.status, CannotModifySelfException.code, 'Cannot modify yourself', {
      detail: `You cannot ${what} your own account; ask another user who manages users.`,
    });
  }
}
