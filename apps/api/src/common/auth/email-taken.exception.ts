import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

// Emails are unique across workspaces, because sign-in asks for no workspace name.
export class EmailTakenException extends ProblemException {
  constructor(detail = 'A user with this email address already exists.') {
    super(HttpStatus.CONFLICT, 'email_taken', 'Email already in use', { detail });
  }
}
