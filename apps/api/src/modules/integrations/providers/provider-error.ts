// How a provider refused: `auth` (credentials refused: the connection needs attention), `not_found` (the
// thing is gone: give up), `retryable` (429, 5xx, timeouts: try again later), `invalid` (an answer we
// cannot use: give up).
export type ProviderErrorKind = 'auth' | 'not_found' | 'retryable' | 'invalid';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
