import { Injectable, InternalServerErrorException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticator } from 'passport';
import { ACCESS_KEY, type AccessRule } from '../../common/auth/access.decorator';
import { MissingPermissionException, UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { credentialOf } from '../../common/auth/credential';
import { contextOf } from '../../common/auth/request-context';
import { hostAdmits } from '../../common/http/workspace-host';
import { NetworkAccess } from '../access/network-access.service';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import type { Principal } from '../../common/auth/principal';
import { ACCESS_TOKEN_STRATEGY, AccessTokenStrategy } from './access-token.strategy';
import { API_KEY_STRATEGY, ApiKeyStrategy } from './api-key.strategy';

// Each strategy accepts only the kind of credential credentialOf found (an X-API-Key header wins over
// Authorization), so at most one can succeed and neither is a fallback for the other.
const STRATEGIES = [API_KEY_STRATEGY, ACCESS_TOKEN_STRATEGY];

// The one guard: every route declares @Public() or @Authenticated({ permission }); it checks the
// credential through the Passport strategies, attaches the principal, and enforces the permission.
@Injectable()
export class AuthGuard implements CanActivate {
  // This app's own Passport: the default one is process-wide, so a second app in the process (a test's
  // replica, with its own secrets) would otherwise authenticate this app's requests with its strategies.
  private readonly passport = new Authenticator();

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimiter,
    private readonly network: NetworkAccess,
    apiKey: ApiKeyStrategy,
    accessToken: AccessTokenStrategy,
  ) {
    this.passport.use(API_KEY_STRATEGY, apiKey);
    this.passport.use(ACCESS_TOKEN_STRATEGY, accessToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) {
      throw new InternalServerErrorException(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    }
    if (rule.public) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const credential = credentialOf(request);
    if (!credential) throw new UnauthenticatedException();
    const principal = await this.authenticate(request, http.getResponse<FastifyReply>());
    // A verified key draws from its own budget; a rejected credential from its caller's address.
    await this.rateLimits.credentialChecked(context, credential, principal || null);
    // On a workspace's own host (BASE_DOMAIN) only that workspace's credentials count, with the same 401.
    if (!principal || !hostAdmits(request.workspaceHost, principal.tenantId, principal.kind)) {
      throw new UnauthenticatedException('The access token or API key is invalid, expired or revoked.');
    }
    await this.network.assertPrincipalAllowed(principal, contextOf(request));
    request.principal = principal;
    if (rule.staffOnly && principal.kind !== 'user') throw new MissingPermissionException('a staff session');
    if (rule.permission && !principal.permissions.includes(rule.permission)) throw new MissingPermissionException(rule.permission);
    return true;
  }

  // Stateless: no Passport session; the callback form leaves the response to us.
  private authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Principal | false> {
    return new Promise((resolve, reject) => {
      const middleware = this.passport.authenticate(STRATEGIES, { session: false }, (error: unknown, principal: Principal | false) =>
        error ? reject(error) : resolve(principal),
      ) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
      middleware(request, reply, (error) => reject(error ?? new Error('Passport ended without a result')));
    });
  }
}
