import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

// Emails are unique across workspaces, because sign-in asks for no workspace name.
export class EmailTakenException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'email_taken';

  constructor(detail = 'A user with this email address already exists.') {
    super(EmailTakenException.status, EmailTakenException.code, 'Email already in use', { detail });
  }
}
