import { Injectable, InternalServerErrorException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard, type IAuthModuleOptions } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { ACCESS_KEY, type AccessRule } from '../../common/auth/access.decorator';
import { MissingPermissionException, UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { credentialOf } from '../../common/auth/credential';
import type { Principal } from '../../common/auth/principal';
import { ACCESS_TOKEN_STRATEGY } from './access-token.strategy';
import { API_KEY_STRATEGY } from './api-key.strategy';

// Each strategy accepts only the kind of credential credentialOf found (an X-API-Key header wins over
// Authorization), so at most one can succeed and neither is a fallback for the other.
const STRATEGIES = [API_KEY_STRATEGY, ACCESS_TOKEN_STRATEGY];

// The one guard: every route declares @Public() or @Authenticated({ permission }); it checks the
// credential through the Passport strategies, attaches the principal, and enforces the permission.
@Injectable()
export class AuthGuard extends PassportAuthGuard(STRATEGIES) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!rule) {
      throw new InternalServerErrorException(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    }
    if (rule.public) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!credentialOf(request)) throw new UnauthenticatedException();
    // Sets request.principal, or throws from handleRequest.
    await super.canActivate(context);
    const principal = request.principal!;
    if (rule.staffOnly && principal.kind !== 'user') throw new MissingPermissionException('a staff session');
    if (rule.permission && !principal.permissions.includes(rule.permission)) throw new MissingPermissionException(rule.permission);
    return true;
  }

  // Stateless: no Passport session, the principal goes where the rest of the app reads it.
  override getAuthenticateOptions(): IAuthModuleOptions {
    return { session: false, property: 'principal' };
  }

  override handleRequest<TUser = Principal>(error: unknown, principal: TUser | false | null): TUser {
    if (error) throw error;
    if (!principal) throw new UnauthenticatedException('The access token or API key is invalid, expired or revoked.');
    return principal;
  }
}
