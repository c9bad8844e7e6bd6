import { Inject, Injectable, NotFoundException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../../common/http/workspace-host';
import { workspaceUrlOf } from '../../common/http/public-url';
import { appConfig, type AppConfig } from '../../config/app.config';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { SignupApexOnlyException } from './signup-apex-only.exception';

// With ALLOW_SIGNUP off the route answers exactly like a missing one. A guard runs before the validation
// pipe, so not even a malformed body can tell the route exists. With BASE_DOMAIN set only the apex host
// signs up: a workspace's host belongs to that workspace.
@Injectable()
export class SignupEnabledGuard implements CanActivate {
  constructor(
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.auth.ALLOW_SIGNUP) throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
    if (request.workspaceHost) throw new SignupApexOnlyException(workspaceUrlOf(this.app, '', false));
    return true;
  }
}
