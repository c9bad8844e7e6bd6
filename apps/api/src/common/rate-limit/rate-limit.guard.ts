import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCESS_KEY, type AccessRule } from '../auth/access.decorator';
import { credentialOf } from '../auth/credential';
import { clientOf, RateLimiter } from './rate-limiter.service';

// Each request draws from one named budget, before authentication: the route's @RateLimit policy (whose
// subject RateLimiter.chargeRoute picks), else `default`, per client address (IPv6 per /64). A request
// carrying an API key to a route that needs one is charged after the auth guard has verified the key
// (RateLimiter.credentialChecked): to the key's own budget when the secret is right, else to its
// address's `auth-failure` budget.
//
// Ours rather than ThrottlerGuard: the library walks every throttler with five metadata look-ups each on
// every request, and names its headers after the throttler (`X-RateLimit-Limit-api-key`,
// `Retry-After-login`); here a request touches only its one budget and clients get the plain header
// names (library options this app does not use, like @Throttle or @SkipThrottle, are not honoured).
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const declared = this.limiter.declaredPolicy(context);
    if (declared) {
      await this.limiter.chargeRoute(request, reply, declared);
      return true;
    }
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule?.public && credentialOf(request)?.kind === 'api_key') return true;
    await this.limiter.charge(reply, 'default', clientOf(request));
    return true;
  }
}
