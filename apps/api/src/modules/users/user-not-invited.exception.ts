import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class UserNotInvitedException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'user_not_invited', 'User already joined', {
      detail: 'This user has already accepted an invitation; only invited users can be re-invited.',
    });
  }
}
