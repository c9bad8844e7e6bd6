import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IssuedSession } from './sessions.service';

export const REFRESH_COOKIE = 'hl_refresh';
// The browser sends the refresh token only to the auth endpoints, never to the rest of the API.
const PATH = '/api/v1/auth';

// How the OpenAPI document describes the cookie on the responses that set or clear it.
const cookieHeader = (description: string) => ({ 'Set-Cookie': { description, schema: { type: 'string' } } });
export const REFRESH_COOKIE_SET = cookieHeader(`\`${REFRESH_COOKIE}\`: the refresh token (HttpOnly, SameSite=Strict, Path=${PATH}); absent while an MFA step is pending.`);
export const REFRESH_COOKIE_CLEARED = cookieHeader(`Clears \`${REFRESH_COOKIE}\`.`);

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
