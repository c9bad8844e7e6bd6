import { HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { rolePermissions } from '@hotleads/shared';
import { Not, type EntityManager } from 'typeorm';
import { InvalidCredentialsException, UnauthenticatedException } from '../../common/auth/auth.exceptions';
import { SsoRequiredException, ssoPasswordRule } from '../../common/auth/sso-password-rule';
import { Metrics } from '../../common/metrics/metrics.service';
import type { AuthedContext, RequestContext } from '../../common/auth/request-context';
import type { UserPrincipal } from '../../common/auth/principal';
import { normaliseEmail } from '../../common/email/normalise-email';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { PasswordHasher } from '../../common/crypto/password-hasher.service';
import { hashRecoveryCode } from '../../common/crypto/recovery-codes';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { TotpService } from '../../common/crypto/totp.service';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import { AuditService } from '../audit/audit.service';
import { Tenant } from '../tenants/tenant.entity';
import { tenantSettings } from '../tenants/tenant-settings';
import { Role } from '../users/role.entity';
import { User, type UserStatus } from '../users/user.entity';
import type { AuthUserDto } from './dto/auth-user.dto';
import type { LoginResponseDto } from './dto/login-response.dto';
import type { MeResponseDto } from './dto/me-response.dto';
import type { SessionDto } from './dto/session.dto';
import { InvalidMfaCodeException } from './invalid-mfa-code.exception';
import { afterFailure, isLocked, RESET_FAILURES } from './login-guard';
import { SessionsService, type IssuedSession } from './sessions.service';
import { UserToken } from '../users/user-token.entity';
import { hostAdmits } from '../../common/http/workspace-host';
import { NetworkAccess } from '../access/network-access.service';
import { IpNotAllowedException } from '../access/ip-not-allowed.exception';

const MFA_CHALLENGE_TTL_MS = 5 * 60_000;
// Returned from a transaction that must commit (failure counters, audit) before answering 401.
const FAILED = Symbol('failed');
// Returned when the workspace's staff allowlist refuses the address (after the refusal is recorded).
const IP_DENIED = Symbol('ip-denied');
const SSO_ONLY = Symbol('sso_only');

export interface LoginOutcome {
  body: LoginResponseDto;
  refresh?: IssuedSession;
}

export function toAuthUser(user: User, role: Role): AuthUserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roleId: role.id,
    roleName: role.name,
    permissions: rolePermissions(role),
    mfaEnabled: user.mfaEnabled,
    away: user.away,
  };
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly totp: TotpService,
    private readonly encryption: EncryptionService,
    private readonly audit: AuditService,
    private readonly metrics: Metrics,
    private readonly network: NetworkAccess,
  ) {}

  async login(email: string, password: string, ctx: RequestContext): Promise<LoginOutcome> {
    const normalised = normaliseEmail(email);
    // Invitations do not hold the address: the one account that does is the one signing in.
    const found = await this.db.crossTenant((m) => m.findOne(User, { where: { email: normalised, status: Not<UserStatus>('invited') } }));
    // On another workspace's host (BASE_DOMAIN) the account is as unknown as one that does not exist.
    const otherHost = found !== null && !hostAdmits(ctx.workspaceHost, found.tenantId, 'user');
    const user = otherHost ? null : found;
    if (!user || !user.passwordHash) {
      await this.hasher.verifyDummy(password);
      await this.db.crossTenant((m) =>
        this.audit.record(m, ctx, {
          tenantId: user?.tenantId ?? null,
          action: 'auth.login',
          outcome: 'failure',
          actor: { type: 'anonymous', label: normalised.slice(0, 320) },
          metadata: { reason: otherHost ? 'other_workspace_host' : user ? 'no_password' : 'unknown_email' },
        }),
      );
      this.metrics.loginFailed();
      throw new InvalidCredentialsException();
    }
    // Verify even when locked, so a locked account answers as slowly as any other.
    const valid = await this.hasher.verify(user.passwordHash, password);
    return this.db.run(user.tenantId, async (m) => {
      const current = await m.findOneOrFail(User, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      const actor = { type: 'user' as const, id: current.id, label: current.email };
      if (isLocked(current)) {
        await this.audit.record(m, ctx, { action: 'auth.login', outcome: 'denied', actor, tenantId: current.tenantId, metadata: { reason: 'locked' } });
        return FAILED;
      }
      if (!valid) {
        await this.recordFailure(m, current, ctx, 'wrong_password');
        return FAILED;
      }
      if (current.status !== 'active') {
        await this.audit.record(m, ctx, { action: 'auth.login', outcome: 'denied', actor, tenantId: current.tenantId, metadata: { reason: current.status } });
        return FAILED;
      }
      if (!(await this.network.staffAllowedIn(m, current.tenantId, ctx, actor))) return IP_DENIED;
      if ((await ssoPasswordRule(m, current)) === 'refused') {
        await this.audit.record(m, ctx, { action: 'auth.login', outcome: 'denied', actor, tenantId: current.tenantId, metadata: { reason: 'sso_required' } });
        return SSO_ONLY;
      }
      const rehash = this.hasher.needsRehash(current.passwordHash!) ? await this.hasher.hash(password) : undefined;
      await m.update(User, { id: current.id }, { ...RESET_FAILURES, ...(rehash ? { passwordHash: rehash } : {}) });
      return this.completeFirstFactor(m, current, ctx);
    }).then((outcome) => {
      if (outcome === IP_DENIED) throw new IpNotAllowedException();
      if (outcome === FAILED) {
        this.metrics.loginFailed();
        throw new InvalidCredentialsException();
      }
      if (outcome === SSO_ONLY) throw new SsoRequiredException();
      return outcome;
    });
  }

  // After the password: a session, or the TOTP step, or enrolment when the workspace requires MFA.
  async completeFirstFactor(m: EntityManager, user: User, ctx: RequestContext): Promise<LoginOutcome> {
    const tenant = await m.findOneByOrFail(Tenant, { id: user.tenantId });
    const actor = { type: 'user' as const, id: user.id, label: user.email };
    // With single sign-on required, a password signs in only an owner, and only with MFA (break-glass).
    const passwordRule = await ssoPasswordRule(m, user);
    if (passwordRule === 'refused') throw new SsoRequiredException();
    if (user.mfaEnabled || tenantSettings(tenant).requireMfa || passwordRule === 'needs_mfa') {
      const mfaToken = randomToken(32);
      await m.insert(UserToken, {
        tenantId: user.tenantId,
        userId: user.id,
        purpose: 'mfa_challenge',
        tokenHash: sha256(mfaToken),
        expiresAt: new Date(Date.now() + MFA_CHALLENGE_TTL_MS),
      });
      await this.audit.record(m, ctx, { action: 'auth.login.password_verified', actor, tenantId: user.tenantId });
      return user.mfaEnabled ? { body: { mfaRequired: true, mfaToken } } : { body: { mfaEnrollmentRequired: true, mfaToken } };
    }
    return this.startSession(m, user, ctx, false);
  }

  async startSession(m: EntityManager, user: User, ctx: RequestContext, mfa: boolean): Promise<LoginOutcome> {
    const issued = await this.sessions.issue(m, user, ctx, mfa);
    await m.update(User, { id: user.id }, { lastLoginAt: new Date() });
    const role = await m.findOneByOrFail(Role, { id: user.roleId });
    await this.audit.record(m, ctx, {
      action: 'auth.login',
      actor: { type: 'user', id: user.id, label: user.email },
      tenantId: user.tenantId,
      resourceType: 'session',
      resourceId: issued.session.id,
      metadata: { mfa },
    });
    return {
      body: { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: issued.expiresIn, user: toAuthUser(user, role) },
      refresh: issued,
    };
  }

  // Finds the user behind an unexpired, unused MFA challenge token.
  async userForMfaToken(m: EntityManager, mfaToken: string): Promise<{ user: User; token: UserToken } | null> {
    const token = await m.findOne(UserToken, { where: { tokenHash: sha256(mfaToken), purpose: 'mfa_challenge' } });
    if (!token || token.usedAt || token.expiresAt <= new Date()) return null;
    const user = await m.findOne(User, { where: { id: token.userId }, lock: { mode: 'pessimistic_write' } });
    return user && user.status === 'active' ? { user, token } : null;
  }

  async verifyMfa(mfaToken: string, code: string, ctx: RequestContext): Promise<LoginOutcome> {
    const tenantId = await this.db.crossTenant(async (m) => {
      const rows: Array<{ tenant_id: string }> = await m.query(`select tenant_id from user_tokens where token_hash = $1 and purpose = 'mfa_challenge'`, [
        sha256(mfaToken),
      ]);
      return rows[0]?.tenant_id;
    });
    if (!tenantId || !hostAdmits(ctx.workspaceHost, tenantId, 'user')) throw new UnauthenticatedException('The MFA step has expired; sign in again.');
    await this.network.assertAllowed(tenantId, 'staff', ctx);
    const outcome = await this.db.run(tenantId, async (m) => {
      const found = await this.userForMfaToken(m, mfaToken);
      if (!found || !found.user.mfaEnabled || isLocked(found.user)) return null;
      const { user, token } = found;
      const actor = { type: 'user' as const, id: user.id, label: user.email };
      const method = await this.checkSecondFactor(m, user, code);
      if (!method) {
        await this.recordFailure(m, user, ctx, 'wrong_mfa_code', 'auth.mfa.verify');
        return FAILED;
      }
      await m.update(UserToken, { id: token.id }, { usedAt: new Date() });
      await m.update(User, { id: user.id }, RESET_FAILURES);
      await this.audit.record(m, ctx, { action: 'auth.mfa.verify', actor, tenantId, metadata: { method } });
      return this.startSession(m, user, ctx, true);
    });
    if (outcome === null) throw new UnauthenticatedException('The MFA step has expired; sign in again.');
    // The password was right (this step exists only after it), so saying the code is wrong reveals nothing.
    if (outcome === FAILED) {
      throw new InvalidMfaCodeException('The code is wrong or was already used. A recovery code works only once.', HttpStatus.UNAUTHORIZED);
    }
    return outcome;
  }

  // TOTP (replay-protected) or an unused recovery code; returns which one matched.
  async checkSecondFactor(m: EntityManager, user: User, code: string): Promise<'totp' | 'recovery_code' | null> {
    if (!user.mfaSecretEnc) return null;
    const secret = this.encryption.decrypt(user.mfaSecretEnc, user.id);
    const step = this.totp.verify(secret, code, user.mfaLastStep === null ? null : Number(user.mfaLastStep));
    if (step !== null) {
      await m.update(User, { id: user.id }, { mfaLastStep: String(step) });
      return 'totp';
    }
    const used = await queryRows(
      m,
      `update recovery_codes set used_at = now() where id = (
         select id from recovery_codes where user_id = $1 and code_hash = $2 and used_at is null limit 1
       ) returning id`,
      [user.id, hashRecoveryCode(code)],
    );
    return used.length ? 'recovery_code' : null;
  }

  private async recordFailure(m: EntityManager, user: User, ctx: RequestContext, reason: string, action = 'auth.login'): Promise<void> {
    const next = afterFailure(user);
    await m.update(User, { id: user.id }, {
      failedLoginCount: next.failedLoginCount,
      lockedUntil: next.lockedUntil,
      failureWindowStart: next.failureWindowStart,
      failureWindowCount: next.failureWindowCount,
    });
    const actor = { type: 'user' as const, id: user.id, label: user.email };
    await this.audit.record(m, ctx, { action, outcome: 'failure', actor, tenantId: user.tenantId, metadata: { reason } });
    if (next.lockStarted) {
      await this.audit.record(m, ctx, {
        action: 'auth.lockout',
        outcome: 'denied',
        actor,
        tenantId: user.tenantId,
        metadata: { lockedUntil: next.lockedUntil?.toISOString(), failures: next.failedLoginCount },
      });
      this.logger.warn({ userId: user.id, lockedUntil: next.lockedUntil }, 'account locked after repeated failures');
    }
  }

  async refresh(refreshToken: string | undefined, ctx: RequestContext): Promise<{ body: LoginResponseDto; refresh: IssuedSession }> {
    if (!refreshToken) throw new UnauthenticatedException('No refresh token.');
    const issued = await this.sessions.rotate(refreshToken, ctx);
    if (!issued || !hostAdmits(ctx.workspaceHost, issued.session.tenantId, 'user')) {
      throw new UnauthenticatedException('The refresh token is invalid, expired or was already used.');
    }
    await this.network.assertAllowed(issued.session.tenantId, 'staff', ctx, { id: issued.session.userId });
    const body = await this.db.run(issued.session.tenantId, async (m) => {
      const user = await m.findOneByOrFail(User, { id: issued.session.userId });
      const role = await m.findOneByOrFail(Role, { id: user.roleId });
      return { accessToken: issued.accessToken, tokenType: 'Bearer' as const, expiresIn: issued.expiresIn, user: toAuthUser(user, role) };
    });
    return { body, refresh: issued };
  }

  async logout(ctx: AuthedContext<UserPrincipal>): Promise<void> {
    const { tenantId, sessionId, userId, email } = ctx.principal;
    await this.db.run(tenantId, async (m) => {
      await this.sessions.revokeSession(m, { id: sessionId }, 'logout');
      await this.audit.record(m, ctx, { action: 'auth.logout', resourceType: 'session', resourceId: sessionId, actor: { type: 'user', id: userId, label: email } });
    });
  }

  me(ctx: AuthedContext<UserPrincipal>): Promise<MeResponseDto> {
    return this.db.run(ctx.principal.tenantId, (m) => this.meOf(m, ctx.principal.userId));
  }

  // Inside the caller's transaction, so a change to the account answers what it just wrote.
  async meOf(m: EntityManager, userId: string): Promise<MeResponseDto> {
    const user = await m.findOneByOrFail(User, { id: userId });
    const role = await m.findOneByOrFail(Role, { id: user.roleId });
    const tenant = await m.findOneByOrFail(Tenant, { id: user.tenantId });
    return { user: toAuthUser(user, role), tenant: { id: tenant.id, name: tenant.name, settings: { requireMfa: tenantSettings(tenant).requireMfa, phoneCountry: tenantSettings(tenant).phoneCountry } } };
  }

  async listSessions(ctx: AuthedContext<UserPrincipal>): Promise<SessionDto[]> {
    const rows = await this.db.run(ctx.principal.tenantId, (m) => this.sessions.listActive(m, ctx.principal.userId));
    return rows.map((s) => ({
      id: s.id,
      ip: s.ip,
      userAgent: s.userAgent,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      mfa: s.mfa,
      current: s.id === ctx.principal.sessionId,
    }));
  }

  async revokeOwnSession(ctx: AuthedContext<UserPrincipal>, sessionId: string): Promise<void> {
    await this.db.run(ctx.principal.tenantId, async (m) => {
      const rows = await queryRows(
        m,
        `update sessions set revoked_at = now(), revoked_reason = 'revoked_by_user'
          where id = $1 and user_id = $2 and revoked_at is null returning id`,
        [sessionId, ctx.principal.userId],
      );
      if (!rows.length) throw new NotFoundException('No such active session');
      await this.audit.record(m, ctx, { action: 'auth.session.revoke', resourceType: 'session', resourceId: sessionId });
    });
  }

  async revokeOtherSessions(ctx: AuthedContext<UserPrincipal>): Promise<number> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const count = await this.sessions.revokeAllForUser(m, ctx.principal.userId, 'revoked_by_user', ctx.principal.sessionId);
      await this.audit.record(m, ctx, { action: 'auth.session.revoke_others', resourceType: 'user', resourceId: ctx.principal.userId, metadata: { count } });
      return count;
    });
  }
}
