import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UnauthenticatedException } from '../../common/auth/auth.exceptions';
import type { AuthedContext, RequestContext } from '../../common/auth/request-context';
import type { UserPrincipal } from '../../common/auth/principal';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { PasswordHasher } from '../../common/crypto/password-hasher.service';
import { generateRecoveryCodes, hashRecoveryCode } from '../../common/crypto/recovery-codes';
import { sha256 } from '../../common/crypto/tokens';
import { TotpService } from '../../common/crypto/totp.service';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { Tenant } from '../tenants/tenant.entity';
import { tenantSettings } from '../tenants/tenant-settings';
import { User } from '../users/user.entity';
import { AuthService } from './auth.service';
import type { MfaEnableResponseDto } from './dto/mfa-enable-response.dto';
import type { MfaSetupResponseDto } from './dto/mfa-setup-response.dto';
import type { RecoveryCodesDto } from './dto/recovery-codes.dto';
import { InvalidMfaCodeException } from './invalid-mfa-code.exception';
import { isLocked } from './login-guard';
import { MfaAlreadyEnabledException } from './mfa-already-enabled.exception';
import { MfaNotEnabledException } from './mfa-not-enabled.exception';
import { MfaRequiredByWorkspaceException } from './mfa-required-by-workspace.exception';
import { PrincipalResolver } from './principal-resolver.service';
import { ReauthenticationFailedException } from './reauthentication-failed.exception';
import { RecoveryCode } from './recovery-code.entity';
import type { IssuedSession } from './sessions.service';
import { UserToken } from '../users/user-token.entity';

const RECOVERY_CODE_COUNT = 10;
const ENROLMENT_EXPIRED = 'Sign in, or send the mfaToken of a sign-in that asked for MFA enrolment; it may have expired.';

// Who is enrolling: a signed-in user (bearer token), or a user half-way through sign-in whose workspace
// requires MFA (the mfaToken of that sign-in).
export interface EnrolmentCredentials {
  accessToken?: string;
  mfaToken?: string;
}

type Enrollee = { tenantId: string; userId: string; mfaToken?: undefined } | { tenantId: string; mfaToken: string };

export interface MfaEnableOutcome {
  body: MfaEnableResponseDto;
  refresh?: IssuedSession;
}

const actorOf = (user: Pick<User, 'id' | 'email'>) => ({ type: 'user' as const, id: user.id, label: user.email });

// TOTP enrolment (RFC 6238), recovery codes, and turning MFA off. Secrets are stored encrypted with the
// user id as associated data, so a ciphertext copied onto another user does not decrypt.
@Injectable()
export class MfaService {
  constructor(
    private readonly db: TenantDb,
    private readonly auth: AuthService,
    private readonly resolver: PrincipalResolver,
    private readonly totp: TotpService,
    private readonly encryption: EncryptionService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  async setup(credentials: EnrolmentCredentials, ctx: RequestContext): Promise<MfaSetupResponseDto> {
    const who = await this.identify(credentials);
    const secret = this.totp.generateSecret();
    const user = await this.db.run(who.tenantId, async (m) => {
      const { user } = await this.enrollee(m, who);
      if (user.mfaEnabled) throw new MfaAlreadyEnabledException();
      // Pending until a code proves the authenticator app has it; a new setup replaces an unconfirmed one.
      await m.update(User, { id: user.id }, { mfaPendingSecretEnc: this.encryption.encrypt(secret, user.id) });
      await this.audit.record(m, ctx, { tenantId: user.tenantId, action: 'auth.mfa.setup', actor: actorOf(user), resourceType: 'user', resourceId: user.id });
      return user;
    });
    const otpauthUri = this.totp.otpauthUri(secret, user.email);
    return { secret, otpauthUri, qrCode: await this.totp.qrDataUrl(otpauthUri) };
  }

  async enable(credentials: EnrolmentCredentials, code: string, ctx: RequestContext): Promise<MfaEnableOutcome> {
    const who = await this.identify(credentials);
    return this.db.run(who.tenantId, async (m) => {
      const { user, token } = await this.enrollee(m, who);
      if (user.mfaEnabled) throw new MfaAlreadyEnabledException();
      if (!user.mfaPendingSecretEnc) throw new InvalidMfaCodeException('No authenticator is waiting to be confirmed; start with POST /auth/mfa/setup.');
      const step = this.totp.verify(this.encryption.decrypt(user.mfaPendingSecretEnc, user.id), code, null);
      if (step === null) throw new InvalidMfaCodeException();
      const changes = { mfaEnabled: true, mfaSecretEnc: user.mfaPendingSecretEnc, mfaPendingSecretEnc: null, mfaLastStep: String(step) };
      await m.update(User, { id: user.id }, changes);
      Object.assign(user, changes);
      const recoveryCodes = await this.replaceRecoveryCodes(m, user);
      await this.audit.record(m, ctx, { tenantId: user.tenantId, action: 'auth.mfa.enable', actor: actorOf(user), resourceType: 'user', resourceId: user.id });
      if (!token) return { body: { recoveryCodes } };
      // Enrolment during sign-in: the code just proved the second factor, so the sign-in completes.
      await m.update(UserToken, { id: token.id }, { usedAt: new Date() });
      const session = await this.auth.startSession(m, user, ctx, true);
      return { body: { recoveryCodes, ...session.body }, refresh: session.refresh };
    });
  }

  async disable(ctx: AuthedContext<UserPrincipal>, password: string, code: string): Promise<void> {
    const { tenantId, userId } = ctx.principal;
    // A refusal is returned, not thrown, so its audit entry commits; it is thrown afterwards.
    const refusal = await this.db.run(tenantId, async (m) => {
      const user = await m.findOneOrFail(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user.mfaEnabled) throw new MfaNotEnabledException();
      const tenant = await m.findOneByOrFail(Tenant, { id: tenantId });
      if (tenantSettings(tenant).requireMfa) throw new MfaRequiredByWorkspaceException();
      const passwordOk = user.passwordHash !== null && (await this.hasher.verify(user.passwordHash, password));
      // The code is tried only after the password, so a wrong password does not burn a recovery code.
      const method = passwordOk ? await this.auth.checkSecondFactor(m, user, code) : null;
      if (!method) {
        await this.audit.record(m, ctx, {
          action: 'auth.mfa.disable',
          outcome: 'failure',
          resourceType: 'user',
          resourceId: userId,
          metadata: { reason: passwordOk ? 'wrong_code' : 'wrong_password' },
        });
        return new ReauthenticationFailedException();
      }
      await m.update(User, { id: userId }, { mfaEnabled: false, mfaSecretEnc: null, mfaPendingSecretEnc: null, mfaLastStep: null });
      await m.delete(RecoveryCode, { userId });
      await this.audit.record(m, ctx, { action: 'auth.mfa.disable', resourceType: 'user', resourceId: userId, metadata: { method } });
      return null;
    });
    if (refusal) throw refusal;
  }

  async regenerateRecoveryCodes(ctx: AuthedContext<UserPrincipal>, code: string): Promise<RecoveryCodesDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const user = await m.findOneOrFail(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user.mfaEnabled || !user.mfaSecretEnc) throw new MfaNotEnabledException();
      // A TOTP code only: someone holding just one old recovery code must not mint ten new ones.
      const lastStep = user.mfaLastStep === null ? null : Number(user.mfaLastStep);
      const step = this.totp.verify(this.encryption.decrypt(user.mfaSecretEnc, user.id), code, lastStep);
      if (step === null) throw new InvalidMfaCodeException();
      await m.update(User, { id: userId }, { mfaLastStep: String(step) });
      const recoveryCodes = await this.replaceRecoveryCodes(m, user);
      await this.audit.record(m, ctx, { action: 'auth.mfa.recovery_codes.regenerate', resourceType: 'user', resourceId: userId });
      return { recoveryCodes };
    });
  }

  // A valid bearer token wins; otherwise the mfaToken. Public routes get no principal from the guard.
  private async identify({ accessToken, mfaToken }: EnrolmentCredentials): Promise<Enrollee> {
    const principal = accessToken ? await this.resolver.fromAccessToken(accessToken) : null;
    if (principal) return { tenantId: principal.tenantId, userId: principal.userId };
    if (mfaToken) {
      const tenantId = await this.db.crossTenant(async (m) => {
        const rows: Array<{ tenant_id: string }> = await m.query(`select tenant_id from user_tokens where token_hash = $1 and purpose = 'mfa_challenge'`, [
          sha256(mfaToken),
        ]);
        return rows[0]?.tenant_id;
      });
      if (tenantId) return { tenantId, mfaToken };
    }
    throw new UnauthenticatedException(ENROLMENT_EXPIRED);
  }

  private async enrollee(m: EntityManager, who: Enrollee): Promise<{ user: User; token?: UserToken }> {
    if (who.mfaToken === undefined) {
      const user = await m.findOne(User, { where: { id: who.userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new UnauthenticatedException(ENROLMENT_EXPIRED);
      return { user };
    }
    const found = await this.auth.userForMfaToken(m, who.mfaToken);
    // Only a sign-in that asked for enrolment: the token of a user who already has MFA proves just the
    // password, and must never let anyone replace the second factor.
    if (!found || found.user.mfaEnabled || isLocked(found.user)) throw new UnauthenticatedException(ENROLMENT_EXPIRED);
    const tenant = await m.findOneByOrFail(Tenant, { id: found.user.tenantId });
    if (!tenantSettings(tenant).requireMfa) throw new UnauthenticatedException(ENROLMENT_EXPIRED);
    return found;
  }

  private async replaceRecoveryCodes(m: EntityManager, user: Pick<User, 'id' | 'tenantId'>): Promise<string[]> {
    const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
    await m.delete(RecoveryCode, { userId: user.id });
    // Only the hashes are stored; the codes are shown once, in this response.
    await m.insert(
      RecoveryCode,
      codes.map((code) => ({ tenantId: user.tenantId, userId: user.id, codeHash: hashRecoveryCode(code) })),
    );
    return codes;
  }
}
