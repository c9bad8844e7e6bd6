import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../common/auth/principal';

export type RequestVerify = (request: FastifyRequest, done: (error: unknown, principal?: Principal | null) => void) => void;

// A Passport strategy that hands the whole request to its verify function: our credentials (X-API-Key, or a
// bearer that is either an access token or an API key) are read by credentialOf, not by a stock extractor
// that would also look in the query string or body. Passport runs a per-request copy of the strategy and
// gives that copy success, fail and error.
export class RequestStrategy {
  declare success: (principal: Principal) => void;
  declare fail: (status?: number) => void;
  declare error: (error: unknown) => void;

  constructor(private readonly verify: RequestVerify) {}

  // Passport's types say Express; the request here is Fastify's.
  authenticate(request: unknown): void {
    this.verify(request as FastifyRequest, (error, principal) => {
      if (error) this.error(error);
      else if (principal) this.success(principal);
      else this.fail(401);
    });
  }
}
