import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class UserNotInvitedException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'user_not_invited';

  constructor() {
    super(UserNotInvitedException.status, UserNotInvitedException.code, 'User already joined', {
      detail: 'This user has already accepted an invitation; only invited users can be re-invited.',
    });
  }
}
