import { Inject, Injectable, Logger } from '@nestjs/common';
import { checkPassword, type PasswordContext } from '@hotleads/shared/password-policy';
import { Not, type EntityManager } from 'typeorm';
import type { AuthedContext, RequestContext } from '../../common/auth/request-context';
import type { UserPrincipal } from '../../common/auth/principal';
import { normaliseEmail } from '../../common/email/normalise-email';
import { PasswordHasher } from '../../common/crypto/password-hasher.service';
import { randomToken, sha256 } from '../../common/crypto/tokens';
import { TenantDb } from '../../common/db/tenant-db.service';
import { ValidationException } from '../../common/problem/validation.exception';
import { workspaceBaseUrl, workspaceBaseUrlOf } from '../../common/http/public-url';
import { appConfig, type AppConfig } from '../../config/app.config';
import { AuditService } from '../audit/audit.service';
import { MailerService, type MailMessage } from '../mail/mailer.service';
import { User, type UserStatus } from '../users/user.entity';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { AuthService, type LoginOutcome } from './auth.service';
import type { AcceptInvitationDto } from './dto/accept-invitation.dto';
import type { ChangePasswordDto } from './dto/change-password.dto';
import type { MeResponseDto } from './dto/me-response.dto';
import type { SignupDto } from './dto/signup.dto';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import type { UpdateAvailabilityDto } from './dto/update-availability.dto';
import { AddressHasAccountException } from './address-has-account.exception';
import { InvalidTokenException } from './invalid-token.exception';
import { RESET_FAILURES } from './login-guard';
import { ReauthenticationFailedException } from './reauthentication-failed.exception';
import { SessionsService } from './sessions.service';
import { isUniqueViolation } from '../../common/db/unique-violation';
import { UserToken, type UserTokenPurpose } from '../users/user-token.entity';

const RESET_TOKEN_TTL_MS = 30 * 60_000;

const actorOf = (user: Pick<User, 'id' | 'email'>) => ({ type: 'user' as const, id: user.id, label: user.email });

// The account itself: profile, password change and reset, invitation acceptance and self-service signup.
@Injectable()
export class AccountService {
  private readonly logger = new Logger(AccountService.name);
  constructor(
    private readonly db: TenantDb,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly workspaces: WorkspacesService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly mailer: MailerService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  // Any signed-in user may rename themselves; role, status and email stay with users:manage.
  async updateProfile(ctx: AuthedContext<UserPrincipal>, dto: UpdateProfileDto): Promise<MeResponseDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const user = await m.findOneOrFail(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (dto.name !== user.name) {
        await m.update(User, { id: userId }, { name: dto.name });
        await this.audit.record(m, ctx, {
          action: 'auth.profile.update',
          resourceType: 'user',
          resourceId: userId,
          changes: { name: { from: user.name, to: dto.name } },
        });
      }
      return this.auth.meOf(m, userId);
    });
  }

  async updateAvailability(ctx: AuthedContext<UserPrincipal>, dto: UpdateAvailabilityDto): Promise<MeResponseDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const user = await m.findOneOrFail(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (dto.away !== user.away) {
        await m.update(User, { id: userId }, { away: dto.away });
        await this.audit.record(m, ctx, { action: 'auth.availability.update', resourceType: 'user', resourceId: userId, changes: { away: { from: user.away, to: dto.away } } });
      }
      return this.auth.meOf(m, userId);
    });
  }

  async changePassword(ctx: AuthedContext<UserPrincipal>, dto: ChangePasswordDto): Promise<void> {
    const { tenantId, userId, sessionId } = ctx.principal;
    // A refusal is returned, not thrown, so its audit entry commits; it is thrown afterwards.
    const refusal = await this.db.run(tenantId, async (m) => {
      const user = await m.findOneOrFail(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      const valid = user.passwordHash !== null && (await this.hasher.verify(user.passwordHash, dto.currentPassword));
      if (!valid) {
        await this.audit.record(m, ctx, {
          action: 'auth.password.change',
          outcome: 'failure',
          resourceType: 'user',
          resourceId: userId,
          metadata: { reason: 'wrong_password' },
        });
        return new ValidationException([{ field: 'currentPassword', message: 'The current password is incorrect.' }]);
      }
      assertPolicy('newPassword', dto.newPassword, user);
      await m.update(User, { id: userId }, { passwordHash: await this.hasher.hash(dto.newPassword), passwordChangedAt: new Date() });
      // Whoever else holds a session (perhaps the reason for the change) is signed out; this one stays.
      const revoked = await this.sessions.revokeAllForUser(m, userId, 'password_changed', sessionId);
      await this.audit.record(m, ctx, { action: 'auth.password.change', resourceType: 'user', resourceId: userId, metadata: { revokedSessions: revoked } });
      return null;
    });
    if (refusal) throw refusal;
  }

  // Proves again who is at the keyboard of this session, so changes that need a recent sign-in may follow.
  async reauthenticate(ctx: AuthedContext<UserPrincipal>, password: string): Promise<void> {
    const { tenantId, userId, sessionId } = ctx.principal;
    const refusal = await this.db.run(tenantId, async (m) => {
      const user = await m.findOneOrFail(User, { where: { id: userId } });
      const valid = user.passwordHash !== null && (await this.hasher.verify(user.passwordHash, password));
      if (!valid) {
        await this.audit.record(m, ctx, { action: 'auth.reauthenticate', outcome: 'failure', resourceType: 'session', resourceId: sessionId });
        return new ReauthenticationFailedException();
      }
      await this.sessions.markAuthenticated(m, sessionId);
      await this.audit.record(m, ctx, { action: 'auth.reauthenticate', resourceType: 'session', resourceId: sessionId });
      return null;
    });
    if (refusal) throw refusal;
  }

  // Answers the same whatever happens, so it reveals neither which emails exist nor any failure.
  async requestPasswordReset(email: string, ctx: RequestContext): Promise<void> {
    try {
      const message = await this.createResetToken(normaliseEmail(email), ctx);
      // Not awaited: a slow SMTP server would otherwise tell known emails from unknown ones.
      if (message) void this.mailer.send(message);
    } catch (error) {
      this.logger.error({ err: error }, 'password reset request failed');
    }
  }

  private async createResetToken(email: string, ctx: RequestContext): Promise<MailMessage | null> {
    const user = await this.db.crossTenant((m) => m.findOne(User, { where: { email, status: Not<UserStatus>('invited') } }));
    const requester = { type: 'anonymous' as const, label: email.slice(0, 320) };
    if (!user || user.status !== 'active') {
      await this.db.crossTenant((m) =>
        this.audit.record(m, ctx, {
          tenantId: user?.tenantId ?? null,
          action: 'auth.password.reset_requested',
          outcome: 'failure',
          actor: requester,
          metadata: { reason: user ? user.status : 'unknown_email' },
        }),
      );
      return null;
    }
    const token = randomToken(32);
    const baseUrl = await this.db.run(user.tenantId, async (m) => {
      await m.insert(UserToken, {
        tenantId: user.tenantId,
        userId: user.id,
        purpose: 'password_reset',
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS),
      });
      await this.audit.record(m, ctx, {
        tenantId: user.tenantId,
        action: 'auth.password.reset_requested',
        actor: requester,
        resourceType: 'user',
        resourceId: user.id,
      });
      return workspaceBaseUrlOf(m, this.app, user.tenantId);
    });
    const link = `${baseUrl}/reset-password?token=${encodeURIComponent(token)}`;
    return {
      to: user.email,
      subject: 'Reset your Hot Leads password',
      text: [
        `Someone, hopefully you, asked to reset the password of the Hot Leads account ${user.email}.`,
        '',
        'Open this link within 30 minutes to choose a new password:',
        link,
        '',
        'If you did not ask for this, ignore this email: your password stays as it is.',
      ].join('\n'),
    };
  }

  // Never signs in: the user then signs in normally, with the second factor if they have one.
  async resetPassword(token: string, newPassword: string, ctx: RequestContext): Promise<void> {
    const tokenHash = sha256(token);
    const tenantId = await this.tenantOfToken(tokenHash, 'password_reset');
    if (!tenantId) throw new InvalidTokenException();
    await this.db.run(tenantId, async (m) => {
      const found = await this.claimToken(m, tokenHash, 'password_reset');
      if (!found || found.user.status !== 'active') throw new InvalidTokenException();
      const { user } = found;
      assertPolicy('newPassword', newPassword, user);
      await m.update(User, { id: user.id }, { passwordHash: await this.hasher.hash(newPassword), passwordChangedAt: new Date(), ...RESET_FAILURES });
      await this.spendTokens(m, user.id, 'password_reset');
      const revoked = await this.sessions.revokeAllForUser(m, user.id, 'password_reset');
      await this.audit.record(m, ctx, {
        tenantId,
        action: 'auth.password.reset',
        actor: actorOf(user),
        resourceType: 'user',
        resourceId: user.id,
        metadata: { revokedSessions: revoked },
      });
    });
  }

  async acceptInvitation(dto: AcceptInvitationDto, ctx: RequestContext): Promise<LoginOutcome> {
    const tokenHash = sha256(dto.token);
    const tenantId = await this.tenantOfToken(tokenHash, 'invitation');
    if (!tenantId) throw new InvalidTokenException();
    return this.db.run(tenantId, async (m) => {
      const found = await this.claimToken(m, tokenHash, 'invitation');
      if (!found || found.user.status !== 'invited') throw new InvalidTokenException();
      const { user } = found;
      assertPolicy('password', dto.password, { email: user.email, name: dto.name });
      const changes = { name: dto.name, passwordHash: await this.hasher.hash(dto.password), status: 'active' as const, passwordChangedAt: new Date() };
      try {
        await m.update(User, { id: user.id }, changes);
      } catch (error) {
        // The address has an account in another workspace. Only the holder of the emailed link learns it.
        if (isUniqueViolation(error)) throw new AddressHasAccountException();
        throw error;
      }
      Object.assign(user, changes);
      await this.spendTokens(m, user.id, 'invitation');
      await this.audit.record(m, ctx, { tenantId, action: 'user.invitation.accept', actor: actorOf(user), resourceType: 'user', resourceId: user.id });
      // Like a sign-in: a session, or MFA enrolment first when the workspace requires it.
      return this.auth.completeFirstFactor(m, user, ctx);
    });
  }

  // Answers the same (202) whether or not the address already has an account in some workspace, so sign-up
  // reveals no membership (decision 0007). A new address gets its workspace and an email saying so; an
  // address in use gets an email to its owner instead. Both do the same work before answering (policy check,
  // hashing) and neither waits for the mail server.
  async signup(dto: SignupDto, ctx: RequestContext): Promise<void> {
    const email = normaliseEmail(dto.email);
    assertPolicy('password', dto.password, { email, name: dto.name });
    const passwordHash = await this.hasher.hash(dto.password);
    let created: { tenantName: string; slug: string } | null;
    // The workspace of an address already in use: its owner's email links there.
    let existing: string | null = null;
    try {
      created = await this.db.crossTenant(async (m) => {
        const holder = await m.findOne(User, { where: { email, status: Not<UserStatus>('invited') } });
        if (holder) {
          existing = await workspaceBaseUrlOf(m, this.app, holder.tenantId);
          return null;
        }
        const { tenant, roles } = await this.workspaces.create(m, dto.tenantName);
        const user = await m.save(
          m.create(User, { tenantId: tenant.id, email, name: dto.name, roleId: roles.owner.id, status: 'active', passwordHash, passwordChangedAt: new Date() }),
        );
        await this.audit.record(m, ctx, {
          tenantId: tenant.id,
          action: 'tenant.signup',
          actor: actorOf(user),
          resourceType: 'tenant',
          resourceId: tenant.id,
          metadata: { ownerId: user.id },
        });
        return { tenantName: tenant.name, slug: tenant.slug };
      });
    } catch (error) {
      // Two sign-ups with one address at once: the unique index decides; the loser is an address in use.
      if (!isUniqueViolation(error)) throw error;
      created = null;
    }
    if (!created) {
      await this.db.crossTenant((m) =>
        this.audit.record(m, ctx, {
          tenantId: null,
          action: 'tenant.signup',
          outcome: 'denied',
          actor: { type: 'anonymous', label: email.slice(0, 320) },
          metadata: { reason: 'email_in_use' },
        }),
      );
    }
    void this.mailer.send(created ? this.workspaceReadyMail(email, created.tenantName, workspaceBaseUrl(this.app, created.slug)) : this.addressInUseMail(email, existing));
  }

  private workspaceReadyMail(to: string, workspace: string, baseUrl: string): MailMessage {
    return {
      to,
      subject: `Your Hot Leads workspace ${workspace} is ready`,
      text: [`The workspace ${workspace} was created with this address as its owner.`, '', 'Sign in here:', `${baseUrl}/sign-in`].join('\n'),
    };
  }

  // `baseUrl`: the address's own workspace (unknown when a concurrent sign-up won the race).
  private addressInUseMail(to: string, baseUrl: string | null): MailMessage {
    const base = baseUrl ?? workspaceBaseUrl(this.app, null);
    return {
      to,
      subject: 'Someone tried to sign up to Hot Leads with your address',
      text: [
        'Someone, perhaps you, asked to create a new Hot Leads workspace with this address, which already has an account.',
        'No workspace was created. One address belongs to one workspace.',
        '',
        `To sign in to your workspace: ${base}/sign-in`,
        `If you forgot your password: ${base}/forgot-password`,
        '',
        'If this was not you, you can ignore this email.',
      ].join('\n'),
    };
  }

  // Emailed tokens are looked up before their tenant is known; everything else happens inside it.
  private tenantOfToken(tokenHash: string, purpose: UserTokenPurpose): Promise<string | null> {
    return this.db.crossTenant(async (m) => {
      const rows: Array<{ tenant_id: string }> = await m.query(`select tenant_id from user_tokens where token_hash = $1 and purpose = $2`, [tokenHash, purpose]);
      return rows[0]?.tenant_id ?? null;
    });
  }

  // Locks the token, so a second use of the same link waits for the first and then finds it spent.
  private async claimToken(m: EntityManager, tokenHash: string, purpose: UserTokenPurpose): Promise<{ token: UserToken; user: User } | null> {
    const token = await m.findOne(UserToken, { where: { tokenHash, purpose }, lock: { mode: 'pessimistic_write' } });
    if (!token || token.usedAt || token.expiresAt <= new Date()) return null;
    const user = await m.findOne(User, { where: { id: token.userId }, lock: { mode: 'pessimistic_write' } });
    return user ? { token, user } : null;
  }

  // The link just used and any older one for the same purpose stop working.
  private async spendTokens(m: EntityManager, userId: string, purpose: UserTokenPurpose): Promise<void> {
    await m.query(`update user_tokens set used_at = now() where user_id = $1 and purpose = $2 and used_at is null`, [userId, purpose]);
  }
}

function assertPolicy(field: string, password: string, context: PasswordContext): void {
  const reason = checkPassword(password, { email: context.email, name: context.name });
  if (reason) throw new ValidationException([{ field, message: reason }]);
}
