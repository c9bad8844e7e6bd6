import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

// One body for every failed sign-in (unknown email, wrong password, locked, disabled): no enumeration.
export class InvalidCredentialsException extends ProblemException {
  static readonly status = HttpStatus.UNAUTHORIZED;
  static readonly code = 'invalid_credentials';

  constructor() {
    super(InvalidCredentialsException.status, InvalidCredentialsException.code, 'Invalid credentials', {
      detail: 'The email or password is incorrect, or the account cannot sign in right now.',
    });
  }
}

export class UnauthenticatedException extends ProblemException {
  static readonly status = HttpStatus.UNAUTHORIZED;
  static readonly code = 'unauthenticated';
  static readonly headers = ['WWW-Authenticate'] as const;

  constructor(detail = 'A valid access token or API key is required.') {
    super(UnauthenticatedException.status, UnauthenticatedException.code, 'Authentication required', {
      detail,
      headers: { 'www-authenticate': 'Bearer' },
    });
  }
}

export class MissingPermissionException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'forbidden';

  constructor(permission: string) {
    super(MissingPermissionException.status, MissingPermissionException.code, 'Forbidden', { detail: `This needs the ${permission} permission.`, extensions: { permission } });
  }
}
