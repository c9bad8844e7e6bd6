import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { appConfig, type AppConfig } from '../../config/app.config';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { RUNTIME, type Runtime } from '../../config/runtime';

const ALGORITHM = 'HS256';
const TYPE = 'at+jwt';
const AUDIENCE = 'hotleads-api';

export interface AccessClaims {
  sub: string;
  tid: string;
  sid: string;
  exp: number;
}

// Short-lived access tokens (RFC 9068 shape): one pinned algorithm, typed header, issuer and audience
// checked; anything else (alg none, RS/HS confusion, another audience, expired) is refused.
@Injectable()
export class AccessTokenService {
  private readonly issuer: string;
  // Made once: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every
  // call, which cost more than the rest of an authenticated request.
  private readonly key: KeyObject;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.issuer = app.PUBLIC_URL ?? 'hotleads';
    this.key = createSecretKey(Buffer.from(runtime.secrets.jwtSecret, 'utf8'));
  }

  get ttlSeconds(): number {
    return this.auth.ACCESS_TOKEN_TTL_SECONDS;
  }

  sign(userId: string, tenantId: string, sessionId: string): { token: string; expiresAt: Date } {
    const token = jwt.sign({ tid: tenantId, sid: sessionId }, this.key, {
      algorithm: ALGORITHM,
      header: { alg: ALGORITHM, typ: TYPE },
      subject: userId,
      issuer: this.issuer,
      audience: AUDIENCE,
      expiresIn: this.ttlSeconds,
    });
    const { exp } = jwt.decode(token) as { exp: number };
    return { token, expiresAt: new Date(exp * 1000) };
  }

  // Returns the claims, or null for any token that is not one of ours and current.
  verify(token: string): AccessClaims | null {
    try {
      const decoded = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: this.issuer,
        audience: AUDIENCE,
        complete: true,
      });
      if (decoded.header.typ !== TYPE || typeof decoded.payload !== 'object') return null;
      const { sub, tid, sid, exp } = decoded.payload as Partial<AccessClaims>;
      if (typeof sub !== 'string' || typeof tid !== 'string' || typeof sid !== 'string' || typeof exp !== 'number') return null;
      return { sub, tid, sid, exp };
    } catch {
      return null;
    }
  }
}
