import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { appConfig, type AppConfig } from '../../config/app.config';
import { CrossOriginRefusedException } from './cross-origin-refused.exception';

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

// Endpoints a browser reaches with the refresh cookie alone (no bearer token a foreign page could not
// read) answer only the app's own pages: a matching Origin (the app's own host, PUBLIC_URL or a
// CORS_ORIGINS entry), or, without Origin, `Sec-Fetch-Site: same-origin`. SameSite=Strict stays the
// first line; this is the second. Browsers send Origin on every POST made with fetch.
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly trusted: ReadonlySet<string>;

  constructor(@Inject(appConfig.KEY) app: AppConfig) {
    const listed = [app.PUBLIC_URL ?? '', ...app.CORS_ORIGINS.filter((origin) => origin !== '*')];
    this.trusted = new Set(listed.map(originOf).filter((origin): origin is string => origin !== null));
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (this.trusted.has(origin) || this.isOwnHost(origin, request)) return true;
      throw new CrossOriginRefusedException();
    }
    if (request.headers['sec-fetch-site'] === 'same-origin') return true;
    throw new CrossOriginRefusedException();
  }

  // The page and the API on one host (the one-process mode, or the dev server's proxy, which keeps Host).
  private isOwnHost(origin: string, request: FastifyRequest): boolean {
    if (origin === 'null') return false;
    const parsed = originOf(origin);
    return parsed !== null && new URL(parsed).host === request.host;
  }
}
