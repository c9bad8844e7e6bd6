import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

// Emails are unique across workspaces (sign-in asks for no workspace name), so signup must refuse one in use.
export class SignupEmailTakenException extends ProblemException {
  constructor() {
    super(HttpStatus.CONFLICT, 'email_taken', 'Email already in use', {
      detail: 'An account with this email address already exists; sign in or reset the password instead.',
    });
  }
}
