import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IsNull } from 'typeorm';
import type { RequestContext } from '../../common/auth/request-context';
import { revokeUserSessions } from '../../common/auth/revoke-user-sessions';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { TenantDb } from '../../common/db/tenant-db.service';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { AuditService } from '../audit/audit.service';
import { AccessTokenService } from './access-token.service';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';

export interface IssuedSession {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  session: Session;
}

const HOUR = 3_600_000;

export interface ActiveSessionRow {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  mfa: boolean;
}

@Injectable()
export class SessionsService {
  constructor(
    private readonly db: TenantDb,
    private readonly tokens: AccessTokenService,
    private readonly audit: AuditService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {}

  private idleExpiry(now: Date, absolute: Date): Date {
    return new Date(Math.min(now.getTime() + this.auth.SESSION_IDLE_TTL_HOURS * HOUR, absolute.getTime()));
  }

  // A new session with its first refresh token; runs in the caller's tenant transaction.
  async issue(m: EntityManager, user: { id: string; tenantId: string }, ctx: RequestContext, mfa: boolean): Promise<IssuedSession> {
    const now = new Date();
    const absolute = new Date(now.getTime() + this.auth.SESSION_ABSOLUTE_TTL_HOURS * HOUR);
    const session = await m.save(
      m.create(Session, {
        tenantId: user.tenantId,
        userId: user.id,
        ip: ctx.ip || null,
        userAgent: ctx.userAgent,
        mfa,
        lastUsedAt: now,
        idleExpiresAt: this.idleExpiry(now, absolute),
        absoluteExpiresAt: absolute,
      }),
    );
    const refreshToken = randomToken(32);
    await m.insert(RefreshToken, { tenantId: user.tenantId, sessionId: session.id, tokenHash: sha256(refreshToken) });
    const access = this.tokens.sign(user.id, user.tenantId, session.id);
    return { accessToken: access.token, expiresIn: this.tokens.ttlSeconds, refreshToken, refreshExpiresAt: session.idleExpiresAt, session };
  }

  // Exchanges a refresh token for a new pair. A token that was already exchanged is reuse (a stolen copy
  // or a replay): the whole session is revoked and the event audited (ASVS 10.4.5).
  async rotate(refreshToken: string, ctx: RequestContext): Promise<IssuedSession | null> {
    const hash = sha256(refreshToken);
    const found = await this.db.crossTenant(async (m) => {
      const rows: Array<{ id: string; tenant_id: string; session_id: string; rotated_at: Date | null }> = await m.query(
        `select id, tenant_id, session_id, rotated_at from refresh_tokens where token_hash = $1`,
        [hash],
      );
      return rows[0];
    });
    if (!found) return null;
    return this.db.run(found.tenant_id, async (m) => {
      const session = await m.findOne(Session, { where: { id: found.session_id }, lock: { mode: 'pessimistic_write' } });
      if (!session) return null;
      const claimed = await m.update(RefreshToken, { id: found.id, rotatedAt: IsNull() }, { rotatedAt: new Date() });
      if (!claimed.affected) {
        if (!session.revokedAt) {
          await this.revokeSession(m, session, 'refresh_token_reuse');
          await this.audit.record(m, ctx, {
            tenantId: session.tenantId,
            action: 'auth.refresh.reuse_detected',
            outcome: 'denied',
            resourceType: 'session',
            resourceId: session.id,
            actor: { type: 'user', id: session.userId },
          });
        }
        return null;
      }
      const now = new Date();
      if (session.revokedAt || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return null;
      const user: Array<{ status: string }> = await m.query(`select status from users where id = $1`, [session.userId]);
      if (user[0]?.status !== 'active') return null;
      session.lastUsedAt = now;
      session.idleExpiresAt = this.idleExpiry(now, session.absoluteExpiresAt);
      session.ip = ctx.ip || session.ip;
      session.userAgent = ctx.userAgent ?? session.userAgent;
      await m.save(session);
      const next = randomToken(32);
      await m.insert(RefreshToken, { tenantId: session.tenantId, sessionId: session.id, tokenHash: sha256(next) });
      const access = this.tokens.sign(session.userId, session.tenantId, session.id);
      return { accessToken: access.token, expiresIn: this.tokens.ttlSeconds, refreshToken: next, refreshExpiresAt: session.idleExpiresAt, session };
    });
  }

  async revokeSession(m: EntityManager, session: Pick<Session, 'id'>, reason: string): Promise<void> {
    await m.update(Session, { id: session.id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  revokeAllForUser(m: EntityManager, userId: string, reason: string, keepSessionId?: string): Promise<number> {
    return revokeUserSessions(m, userId, reason, keepSessionId);
  }

  // The user proved who they are again in this session (POST /auth/reauthenticate).
  async markAuthenticated(m: EntityManager, sessionId: string): Promise<void> {
    await m.update(Session, { id: sessionId }, { authenticatedAt: new Date() });
  }

  listActive(m: EntityManager, userId: string): Promise<ActiveSessionRow[]> {
    return m.query(
      `select id, ip, user_agent as "userAgent", created_at as "createdAt", last_used_at as "lastUsedAt", mfa
         from sessions
        where user_id = $1 and revoked_at is null and absolute_expires_at > now() and idle_expires_at > now()
        order by last_used_at desc`,
      [userId],
    );
  }
}
