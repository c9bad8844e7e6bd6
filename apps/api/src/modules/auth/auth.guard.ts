import { Injectable, InternalServerErrorException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type AccessRule } from '../../common/auth/access.decorator';
import { MissingPermissionException, UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { credentialOf } from '../../common/auth/credential';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import { PrincipalResolver } from './principal-resolver.service';

// The one guard: every route declares @Public() or @Authenticated({ permission }); it checks the
// credential, attaches the principal, and enforces the permission.
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PrincipalResolver,
    private readonly rateLimits: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) {
      throw new InternalServerErrorException(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    }
    if (rule.public) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credential = credentialOf(request);
    if (!credential) throw new UnauthenticatedException();
    const principal =
      credential.kind === 'api_key' ? await this.resolver.fromApiKey(credential.value) : await this.resolver.fromAccessToken(credential.value);
    // A verified key draws from its own budget; a rejected credential from its caller's address.
    await this.rateLimits.credentialChecked(context, credential, principal);
    if (!principal) throw new UnauthenticatedException('The access token or API key is invalid, expired or revoked.');
    request.principal = principal;
    if (rule.staffOnly && principal.kind !== 'user') throw new MissingPermissionException('a staff session');
    if (rule.permission && !principal.permissions.includes(rule.permission)) throw new MissingPermissionException(rule.permission);
    return true;
  }
}
