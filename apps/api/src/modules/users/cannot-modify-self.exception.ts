import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Guards against locking yourself out; another user with users:manage can make the change.
export class CannotModifySelfException extends ProblemException {
  constructor(what: string) {
    super(HttpStatus.CONFLICT, 'cannot_modify_self', 'Cannot modify yourself', {
      detail: `You cannot ${what} your own account; ask another user who manages users.`,
    });
  }
}
