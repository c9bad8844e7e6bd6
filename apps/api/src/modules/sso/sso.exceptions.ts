import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../common/problem/problem.exception';

export class InsecureIssuerException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'insecure_issuer';

  constructor() {
    super(InsecureIssuerException.status, InsecureIssuerException.code, 'The issuer must use https', {
      detail: 'The identity provider must be reached over https. Plain http is allowed only in development and tests, or with SSO_ALLOW_HTTP_ISSUER.',
    });
  }
}

export class ClientSecretRequiredException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'client_secret_required';

  constructor() {
    super(ClientSecretRequiredException.status, ClientSecretRequiredException.code, 'A client secret is required', {
      detail: 'Enter the client secret the identity provider issued; it is needed the first time single sign-on is saved.',
    });
  }
}

export class UnknownRoleException extends ProblemException {
  static readonly status = HttpStatus.UNPROCESSABLE_ENTITY;
  static readonly code = 'unknown_role';

  constructor() {
    super(UnknownRoleException.status, UnknownRoleException.code, 'No such role', { detail: 'The role for new users does not exist in this workspace.' });
  }
}

export class SsoNotConfiguredException extends ProblemException {
  static readonly status = HttpStatus.NOT_FOUND;
  static readonly code = 'sso_not_configured';

  constructor() {
    super(SsoNotConfiguredException.status, SsoNotConfiguredException.code, 'Single sign-on is not set up', {
      detail: 'This workspace has no single sign-on, or it is turned off.',
    });
  }
}
