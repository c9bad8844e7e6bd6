import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal, Principal, UserPrincipal } from './principal';
import { toStorableText } from '../input/safe-text';
import type { HostWorkspace } from '../http/workspace-host';

// What services need to know about the caller: who (for permissions and the audit log) and from where.
export interface RequestContext {
  principal?: Principal;
  ip: string;
  userAgent: string | null;
  requestId: string;
  // The workspace of the request's host name when BASE_DOMAIN is set (null on the apex host).
  workspaceHost?: HostWorkspace | null;
}

export interface AuthedContext<P extends Principal = Principal> extends RequestContext {
  principal: P;
}

export function contextOf(request: FastifyRequest): RequestContext {
  const ua = request.headers['user-agent'];
  return {
    principal: request.principal,
    ip: request.ip,
    userAgent: ua ? toStorableText(ua.slice(0, 512)) : null,
    requestId: String(request.id),
    workspaceHost: request.workspaceHost,
  };
}

export const Ctx = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  return contextOf(ctx.switchToHttp().getRequest<FastifyRequest>());
});

export function requireUser(ctx: RequestContext): AuthedContext<UserPrincipal> {
  if (ctx.principal?.kind !== 'user') throw new UnauthorizedException('Sign in as a user for this');
  return ctx as AuthedContext<UserPrincipal>;
}

export function requirePrincipal(ctx: RequestContext): AuthedContext<UserPrincipal | ApiKeyPrincipal> {
  if (!ctx.principal) throw new UnauthorizedException();
  return ctx as AuthedContext;
}
