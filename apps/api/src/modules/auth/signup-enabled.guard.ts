import { Inject, Injectable, NotFoundException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { authConfig, type AuthConfig } from '../../config/auth.config';

// With ALLOW_SIGNUP off the route answers exactly like a missing one. A guard runs before the validation
// pipe, so not even a malformed body can tell the route exists.
@Injectable()
export class SignupEnabledGuard implements CanActivate {
  constructor(@Inject(authConfig.KEY) private readonly auth: AuthConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.auth.ALLOW_SIGNUP) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
  }
}
