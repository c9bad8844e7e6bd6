import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// An invited user has no password yet; enabling them would make an account nobody can sign in to.
export class InvitationPendingException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'invitation_pending';

  constructor() {
    super(InvitationPendingException.status, InvitationPendingException.code, 'Invitation not accepted yet', {
      detail: 'This user has not accepted the invitation yet. Re-send the invitation, or delete the user to withdraw it.',
    });
  }
}
