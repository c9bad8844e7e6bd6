import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../problem/problem.exception';

export class RecentAuthenticationRequiredException extends ProblemException {
  static readonly status = HttpStatus.FORBIDDEN;
  static readonly code = 'recent_authentication_required';

  constructor(reason: 'api_key' | 'stale') {
    super(RecentAuthenticationRequiredException.status, RecentAuthenticationRequiredException.code, 'Recent sign-in required', {
      detail:
        reason === 'api_key'
          ? 'Authentication settings can be changed only by a signed-in person, never with an API key.'
          : 'Confirm your password (POST /api/v1/auth/reauthenticate) and try again: authentication settings need a sign-in from the last 15 minutes.',
      extensions: { reason },
    });
  }
}
