import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

// One body for every failed sign-in (unknown email, wrong password, locked, disabled): no enumeration.
export class InvalidCredentialsException extends ProblemException {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, 'invalid_credentials', 'Invalid credentials', {
      detail: 'The email or password is incorrect, or the account cannot sign in right now.',
    });
  }
}

export class UnauthenticatedException extends ProblemException {
  constructor(detail = 'A valid access token or API key is required.') {
    super(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Authentication required', {
      detail,
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
}

export class MissingPermissionException extends ProblemException {
  constructor(permission: string) {
    super(HttpStatus.FORBIDDEN, 'forbidden', 'Forbidden', { detail: `This needs the ${permission} permission.`, extensions: { permission } });
  }
}
