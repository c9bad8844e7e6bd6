import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from './sessions.service';

export const REFRESH_COOKIE = 'hl_refresh';
// The browser sends the refresh token only to the auth endpoints, never to the rest of the API.
const PATH = '/api/v1/auth';

export function setRefreshCookie(reply: FastifyReply, issued: IssuedSession, secure: boolean): void {
  reply.setCookie(REFRESH_COOKIE, issued.refreshToken, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: PATH,
    expires: issued.refreshExpiresAt,
  });
}

export function clearRefreshCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure, sameSite: 'strict', path: PATH });
}

export function refreshCookieOf(request: FastifyRequest): string | undefined {
  return request.cookies?.[REFRESH_COOKIE];
}
