import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService, type JwtModuleOptions } from '@nestjs/jwt';
import type { AppConfig } from '../../config/app.config';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import type { Runtime } from '../../config/runtime';

const ALGORITHM = 'HS256';
const TYPE = 'at+jwt';
const AUDIENCE = 'hotleads-api';

// What jsonwebtoken answers with `complete: true`.
interface DecodedToken {
  header: { typ?: string };
  payload: unknown;
}

export interface AccessClaims {
  sub: string;
  tid: string;
  sid: string;
  exp: number;
}

// JwtModule's options for access tokens: the algorithm pinned for signing and verifying alike, issuer and
// audience checked. The lifetime is AccessTokenService's, per token.
export function accessTokenJwtOptions(runtime: Runtime, app: AppConfig): JwtModuleOptions {
  const issuer = app.PUBLIC_URL ?? 'hotleads';
  return {
    // A KeyObject made once: given a string or Buffer, jsonwebtoken first tries (and fails) to parse it as a
    // public key on every call, which cost more than the rest of an authenticated request.
    secret: createSecretKey(Buffer.from(runtime.secrets.jwtSecret, 'utf8')),
    signOptions: { algorithm: ALGORITHM, header: { alg: ALGORITHM, typ: TYPE }, issuer, audience: AUDIENCE },
    verifyOptions: { algorithms: [ALGORITHM], issuer, audience: AUDIENCE },
  };
}

// Short-lived access tokens (RFC 9068 shape): one pinned algorithm, typed header, issuer and audience
// checked; anything else (alg none, RS/HS confusion, another audience, expired) is refused.
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  get ttlSeconds(): number {
    return this.auth.ACCESS_TOKEN_TTL_SECONDS;
  }

  sign(userId: string, tenantId: string, sessionId: string): { token: string; expiresAt: Date } {
    const token = this.jwt.sign({ tid: tenantId, sid: sessionId }, { subject: userId, expiresIn: this.ttlSeconds });
    const { exp } = this.jwt.decode<{ exp: number }>(token);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  // Returns the claims, or null for any token that is not one of ours and current.
  verify(token: string): AccessClaims | null {
    try {
      // Merged with the module's verifyOptions, so the pinned algorithm, issuer and audience still apply.
      const decoded = this.jwt.verify<DecodedToken>(token, { complete: true });
      if (decoded.header.typ !== TYPE || typeof decoded.payload !== 'object' || decoded.payload === null) return null;
      const { sub, tid, sid, exp } = decoded.payload as Partial<AccessClaims>;
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return null;
      return { sub, tid, sid, exp };
    } catch {
      return null;
    }
  }
}
