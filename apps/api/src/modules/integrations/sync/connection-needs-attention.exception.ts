import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '../../../common/problem/problem.exception';

// `Sync now` on a connection whose credentials the provider refused: running it again would only be
// refused again (and, for Zoho, spend the token requests it allows), so a person reconnects first.
export class ConnectionNeedsAttentionException extends ProblemException {
  static readonly status = HttpStatus.CONFLICT;
  static readonly code = 'connection_needs_attention';

  constructor(lastError: string | null) {
    super(ConnectionNeedsAttentionException.status, ConnectionNeedsAttentionException.code, 'This connection needs new credentials before it can sync', {
      detail: `${lastError ?? 'The provider refused the credentials'}. Save the credentials again (or run Test once they are fixed at the provider), then sync.`,
    });
  }
}
