import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { isSsoErrorCode, SSO_ERRORS, type SsoErrorCode } from '@hotleads/shared';
import { errors as oidcErrors, type IdTokenClaims } from 'openid-client';
import type { EntityManager } from 'typeorm';
import { assertRecentAuthentication } from '../../common/auth/recent-authentication';
import type { AuthedContext, RequestContext } from '../../common/auth/request-context';
import type { UserPrincipal } from '../../common/auth/principal';
import { normaliseEmail } from '../../common/email/normalise-email';
import { sha256 } from '../../common/crypto/tokens';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import { appConfig, type AppConfig } from '../../config/app.config';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { securityConfig, type SecurityConfig } from '../../config/security.config';
import { AuditService } from '../audit/audit.service';
import { SessionsService, type IssuedSession } from '../auth/sessions.service';
import { CredentialsVault } from '../integrations/credentials-vault';
import { Tenant } from '../tenants/tenant.entity';
import { workspaceBaseUrlOf } from '../../common/http/public-url';
import { assertMayGrantRole, grantorOf } from '../users/grant-rules';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import type { SsoSettingsDto } from './dto/sso-settings.dto';
import type { SsoTestResultDto } from './dto/sso-test-result.dto';
import type { SsoTestStartDto } from './dto/sso-test-start.dto';
import type { SsoWorkspaceDto } from './dto/sso-workspace.dto';
import type { UpdateSsoSettingsDto } from './dto/update-sso-settings.dto';
import { NetworkAccess } from '../access/network-access.service';
import { OidcClients, type OidcClientSettings } from './oidc-clients';
import { SsoAttempt, type SsoAttemptPurpose } from './sso-attempt.entity';
import { SsoConnection } from './sso-connection.entity';
import { ClientSecretRequiredException, InsecureIssuerException, SsoNotConfiguredException, UnknownRoleException } from './sso.exceptions';

// A trip to the provider must come back within this.
const ATTEMPT_TTL_MS = 10 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CALLBACK_PATH = '/api/v1/auth/sso/callback';

// Where the browser goes after the callback.
export type CallbackOutcome =
  | { kind: 'signed_in'; session: IssuedSession }
  | { kind: 'failed'; error: SsoErrorCode; workspaceId?: string }
  | { kind: 'tested'; error?: SsoErrorCode };

class SsoFailure extends Error {
  constructor(
    readonly code: SsoErrorCode,
    readonly reason?: string,
  ) {
    super(code);
  }
}

@Injectable()
export class SsoService {
  private readonly logger = new Logger(SsoService.name);
  private readonly vault: CredentialsVault;
  private readonly app: AppConfig;
  private readonly allowHttpIssuer: boolean;
  private readonly oidc = new OidcClients();

  constructor(
    private readonly db: TenantDb,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly network: NetworkAccess,
    @Inject(RUNTIME) runtime: Runtime,
    @Inject(securityConfig.KEY) security: SecurityConfig,
    @Inject(appConfig.KEY) app: AppConfig,
    @Inject(authConfig.KEY) auth: AuthConfig,
  ) {
    const previous = security.ENCRYPTION_KEY_PREVIOUS ? [Buffer.from(security.ENCRYPTION_KEY_PREVIOUS, 'base64')] : [];
    this.vault = new CredentialsVault(runtime.secrets.encryptionKey, previous, 'sso_connection');
    this.app = app;
    this.allowHttpIssuer = app.NODE_ENV !== 'production' || auth.SSO_ALLOW_HTTP_ISSUER;
  }

  // Where a workspace's sign-ins come back to: its own host with BASE_DOMAIN (the refresh cookie is set there,
  // and the apex signs no staff in), else PUBLIC_URL. Each workspace registers its own client at its
  // provider, so the redirect URI can be its own.
  private baseUrlFor(m: EntityManager, tenantId: string): Promise<string> {
    return workspaceBaseUrlOf(m, this.app, tenantId);
  }

  // ---- Settings -------------------------------------------------------------------------------------

  private toDto(tenantId: string, c: SsoConnection | null, baseUrl: string): SsoSettingsDto {
    return {
      configured: c !== null,
      providerType: c?.providerType ?? 'oidc',
      displayName: c?.displayName ?? '',
      issuerUrl: c?.issuerUrl ?? '',
      clientId: c?.clientId ?? '',
      clientSecretSet: Boolean(c?.clientSecret),
      allowedDomains: c?.allowedDomains ?? [],
      jitRoleId: c?.jitRoleId ?? null,
      enabled: c?.enabled ?? false,
      requireSso: c?.requireSso ?? false,
      redirectUri: `${baseUrl}${CALLBACK_PATH}`,
      signInUrl: `${baseUrl}/sign-in?workspace=${tenantId}`,
    };
  }

  getSettings(ctx: AuthedContext): Promise<SsoSettingsDto> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => this.toDto(tenantId, await m.findOneBy(SsoConnection, { tenantId }), await this.baseUrlFor(m, tenantId)));
  }

  private assertIssuerAllowed(url: string): void {
    if (!url.startsWith('https://') && !this.allowHttpIssuer) throw new InsecureIssuerException();
  }

  // Decides how people sign in, so like requireMfa it needs a recent sign-in and never an API key.
  saveSettings(ctx: AuthedContext, dto: UpdateSsoSettingsDto): Promise<SsoSettingsDto> {
    const { tenantId } = ctx.principal;
    const issuerUrl = dto.issuerUrl.replace(/\/+$/, '');
    this.assertIssuerAllowed(issuerUrl);
    return this.db.run(tenantId, async (m) => {
      await assertRecentAuthentication(m, ctx.principal);
      const current = await m.findOne(SsoConnection, { where: { tenantId }, lock: { mode: 'pessimistic_write' } });
      if (dto.jitRoleId !== null && dto.jitRoleId !== current?.jitRoleId) {
        const role = await m.findOneBy(Role, { id: dto.jitRoleId });
        if (!role) throw new UnknownRoleException();
        // Handing a role to whoever signs in is granting it.
        assertMayGrantRole(await grantorOf(m, ctx.principal as UserPrincipal), role);
      }
      if (!dto.clientSecret && !current?.clientSecret) throw new ClientSecretRequiredException();
      const next = {
        providerType: dto.providerType ?? 'oidc',
        displayName: dto.displayName,
        issuerUrl,
        clientId: dto.clientId,
        allowedDomains: [...new Set(dto.allowedDomains)],
        jitRoleId: dto.jitRoleId,
        enabled: dto.enabled,
        requireSso: dto.requireSso,
      };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [key, to] of Object.entries(next)) {
        const from = current ? current[key as keyof typeof next] : null;
        if (!isDeepStrictEqual(from, to)) changes[key] = { from, to };
      }
      if (dto.clientSecret) changes.clientSecret = { from: current?.clientSecret ? 'set' : null, to: 'replaced' };
      const saved = await m.save(current ? Object.assign(current, next) : m.create(SsoConnection, { tenantId, ...next }));
      if (dto.clientSecret) {
        const sealed = this.vault.seal(saved.id, { clientSecret: dto.clientSecret });
        await m.update(SsoConnection, { id: saved.id }, { clientSecret: sealed.ciphertext, clientSecretKeyId: sealed.keyId });
        saved.clientSecret = sealed.ciphertext;
      }
      if (Object.keys(changes).length) {
        await this.audit.record(m, ctx, { action: 'sso.settings.update', resourceType: 'sso_connection', resourceId: saved.id, changes });
      }
      return this.toDto(tenantId, saved, await this.baseUrlFor(m, tenantId));
    });
  }

  removeSettings(ctx: AuthedContext): Promise<void> {
    const { tenantId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      await assertRecentAuthentication(m, ctx.principal);
      const current = await m.findOneBy(SsoConnection, { tenantId });
      if (!current) throw new NotFoundException('Single sign-on is not set up');
      await m.delete(SsoConnection, { id: current.id });
      await this.audit.record(m, ctx, { action: 'sso.settings.delete', resourceType: 'sso_connection', resourceId: current.id });
    });
  }

  private clientSettings(c: SsoConnection, baseUrl: string): OidcClientSettings {
    const { clientSecret } = this.vault.open(c.id, { ciphertext: c.clientSecret!, keyId: c.clientSecretKeyId! });
    return { issuerUrl: c.issuerUrl, clientId: c.clientId, clientSecret, redirectUri: `${baseUrl}${CALLBACK_PATH}` };
  }

  // ---- The flow -------------------------------------------------------------------------------------

  // The sign-in page's view of a workspace's single sign-on. `workspace` is the workspace id (a host
  // naming the workspace can resolve to the same id).
  async workspace(workspace: string): Promise<SsoWorkspaceDto> {
    const offer = await this.offer(workspace);
    if (!offer) throw new SsoNotConfiguredException();
    return offer;
  }

  // What a workspace's sign-in page offers; null without single sign-on turned on.
  async offer(workspace: string): Promise<SsoWorkspaceDto | null> {
    const found = await this.enabledConnection(workspace);
    if (!found) return null;
    return {
      workspaceId: found.tenant.id,
      workspaceName: found.tenant.name,
      providerName: found.connection.displayName,
      startUrl: `/api/v1/auth/sso/${found.tenant.id}/start`,
    };
  }

  private async enabledConnection(workspace: string): Promise<{ tenant: Tenant; connection: SsoConnection } | null> {
    if (!UUID.test(workspace)) return null;
    const tenantId = workspace.toLowerCase();
    return this.db.run(tenantId, async (m) => {
      const connection = await m.findOneBy(SsoConnection, { tenantId, enabled: true });
      const tenant = connection && (await m.findOneBy(Tenant, { id: tenantId }));
      return connection && tenant ? { tenant, connection } : null;
    });
  }

  private async createAttempt(m: EntityManager, c: SsoConnection, purpose: SsoAttemptPurpose, requestedBy: string | null) {
    const request = await this.oidc.authorizationRequest(this.clientSettings(c, await this.baseUrlFor(m, c.tenantId)));
    const attempt = await m.save(
      m.create(SsoAttempt, {
        tenantId: c.tenantId,
        stateHash: sha256(request.state),
        nonce: request.nonce,
        codeVerifier: request.codeVerifier,
        purpose,
        requestedBy,
        expiresAt: new Date(Date.now() + ATTEMPT_TTL_MS),
      }),
    );
    return { attempt, url: request.url };
  }

  // The provider's authorization URL for a sign-in; a failure is a code for the sign-in page.
  async start(workspace: string): Promise<{ url: string } | { error: SsoErrorCode }> {
    const found = await this.enabledConnection(workspace);
    if (!found) return { error: 'not_configured' };
    try {
      return await this.db.run(found.tenant.id, async (m) => ({ url: (await this.createAttempt(m, found.connection, 'login', null)).url }));
    } catch (error) {
      this.logger.warn({ tenantId: found.tenant.id, err: (error as Error).message }, 'single sign-on could not reach the identity provider');
      return { error: 'provider_unreachable' };
    }
  }

  // A test sign-in by an administrator: the same trip, whose answer is kept instead of signing anyone in.
  startTest(ctx: AuthedContext<UserPrincipal>): Promise<SsoTestStartDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const c = await m.findOneBy(SsoConnection, { tenantId });
      if (!c) throw new SsoNotConfiguredException();
      try {
        const { attempt, url } = await this.createAttempt(m, c, 'test', userId);
        await this.audit.record(m, ctx, { action: 'sso.test.start', resourceType: 'sso_connection', resourceId: c.id });
        return { id: attempt.id, url };
      } catch (error) {
        if (error instanceof Error && !(error instanceof oidcErrors.OPError)) {
          this.logger.warn({ tenantId, err: error.message }, 'test sign-in could not reach the identity provider');
        }
        const unreachable = new SsoFailure('provider_unreachable');
        const attempt = await m.save(
          m.create(SsoAttempt, {
            tenantId,
            stateHash: sha256(`unreachable:${Date.now()}:${Math.random()}`),
            nonce: '',
            codeVerifier: '',
            purpose: 'test',
            requestedBy: userId,
            expiresAt: new Date(),
            usedAt: new Date(),
            result: { status: 'failed', error: unreachable.code },
          }),
        );
        return { id: attempt.id, url: `${await this.baseUrlFor(m, tenantId)}${CALLBACK_PATH}?error=unreachable` };
      }
    });
  }

  async testResult(ctx: AuthedContext<UserPrincipal>, id: string): Promise<SsoTestResultDto> {
    const { tenantId, userId } = ctx.principal;
    const attempt = await this.db.run(tenantId, (m) => m.findOneBy(SsoAttempt, { id, purpose: 'test', requestedBy: userId }));
    if (!attempt) throw new NotFoundException('No such test sign-in');
    const result = attempt.result as { status?: string; error?: string; claims?: Record<string, unknown> } | null;
    if (!result) return { status: 'pending' };
    if (result.status === 'succeeded') return { status: 'succeeded', claims: result.claims ?? {} };
    const error = isSsoErrorCode(result.error) ? result.error : 'invalid_response';
    return { status: 'failed', error, message: SSO_ERRORS[error] };
  }

  // The provider sent the browser back. The state finds (and spends) the attempt; then the answer is
  // checked and, for a sign-in, the person found or provisioned and a session started.
  async callback(query: Record<string, unknown>, ctx: RequestContext): Promise<CallbackOutcome> {
    const params = Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length <= 4096));
    const state = params.state;
    const attempt = state ? await this.spendAttempt(state) : null;
    if (!attempt) return { kind: 'failed', error: 'expired' };
    // With BASE_DOMAIN, a sign-in comes back to its own workspace's host and nowhere else.
    if (ctx.workspaceHost !== undefined && ctx.workspaceHost?.tenantId !== attempt.tenantId) return { kind: 'failed', error: 'expired' };
    const { connection, baseUrl } = await this.db.run(attempt.tenantId, async (m) => ({
      connection: await m.findOneBy(SsoConnection, { tenantId: attempt.tenantId }),
      baseUrl: await this.baseUrlFor(m, attempt.tenantId),
    }));
    if (!connection) return attempt.purpose === 'test' ? { kind: 'tested', error: 'not_configured' } : { kind: 'failed', error: 'not_configured' };
    let claims: IdTokenClaims;
    try {
      claims = await this.oidc.callback(this.clientSettings(connection, baseUrl), params, { state, nonce: attempt.nonce, codeVerifier: attempt.codeVerifier });
    } catch (error) {
      const failure = this.providerFailure(error);
      return this.fail(attempt, connection, failure, ctx);
    }
    if (attempt.purpose === 'test') {
      await this.db.run(attempt.tenantId, (m) => m.update(SsoAttempt, { id: attempt.id }, { result: { status: 'succeeded', claims: { ...claims } } }));
      return { kind: 'tested' };
    }
    try {
      const session = await this.signIn(connection, claims, ctx);
      return { kind: 'signed_in', session };
    } catch (error) {
      if (error instanceof SsoFailure) return this.fail(attempt, connection, error, ctx, claims);
      throw error;
    }
  }

  private providerFailure(error: unknown): SsoFailure {
    if (error instanceof oidcErrors.OPError) return new SsoFailure('provider_refused', error.error);
    if (error instanceof oidcErrors.RPError) return new SsoFailure('invalid_response', error.message);
    this.logger.warn({ err: (error as Error).message }, 'single sign-on callback could not complete the exchange');
    return new SsoFailure('provider_unreachable', 'network');
  }

  private async spendAttempt(state: string): Promise<SsoAttempt | null> {
    const rows = await this.db.crossTenant((m) =>
      queryRows<{ id: string; tenantId: string }>(
        m,
        `update sso_attempts set used_at = now()
          where state_hash = $1 and used_at is null and expires_at > now()
          returning id, tenant_id as "tenantId"`,
        [sha256(state)],
      ),
    );
    if (!rows.length) return null;
    return this.db.run(rows[0].tenantId, (m) => m.findOneBy(SsoAttempt, { id: rows[0].id }));
  }

  private async fail(attempt: SsoAttempt, connection: SsoConnection, failure: SsoFailure, ctx: RequestContext, claims?: IdTokenClaims): Promise<CallbackOutcome> {
    await this.db.run(attempt.tenantId, async (m) => {
      if (attempt.purpose === 'test') {
        await m.update(SsoAttempt, { id: attempt.id }, { result: { status: 'failed', error: failure.code, ...(claims ? { claims: { ...claims } } : {}) } });
      } else {
        const email = typeof claims?.email === 'string' ? claims.email.slice(0, 320) : undefined;
        await this.audit.record(m, ctx, {
          tenantId: attempt.tenantId,
          action: 'auth.sso.login',
          outcome: 'failure',
          actor: { type: 'anonymous', label: email ?? 'single sign-on' },
          resourceType: 'sso_connection',
          resourceId: connection.id,
          metadata: { reason: failure.code, ...(failure.reason ? { detail: failure.reason.slice(0, 200) } : {}) },
        });
      }
    });
    return attempt.purpose === 'test' ? { kind: 'tested', error: failure.code } : { kind: 'failed', error: failure.code, workspaceId: attempt.tenantId };
  }

  // The checked claims become a person of this workspace: an account (activated if it was an invitation),
  // or a new one when provisioning is on. The session counts as multi-factor: the provider is trusted to
  // have met the workspace's requirement, and says how in `amr`.
  private async signIn(connection: SsoConnection, claims: IdTokenClaims, ctx: RequestContext): Promise<IssuedSession> {
    if (typeof claims.email !== 'string' || !claims.email.includes('@')) throw new SsoFailure('email_not_verified', 'no email claim');
    if (claims.email_verified !== true) throw new SsoFailure('email_not_verified');
    const email = normaliseEmail(claims.email);
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!connection.allowedDomains.includes(domain)) throw new SsoFailure('domain_not_allowed', domain);
    // The workspace's staff allowlist binds every way in, this one too (the refusal is audited by fail()).
    if (!(await this.network.allows(connection.tenantId, 'staff', ctx.ip))) throw new SsoFailure('ip_not_allowed');
    const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string').slice(0, 10) : undefined;
    const name = typeof claims.name === 'string' ? claims.name.slice(0, 100) : '';
    try {
      return await this.db.run(connection.tenantId, async (m) => {
        let user = await m.findOne(User, { where: { tenantId: connection.tenantId, email }, lock: { mode: 'pessimistic_write' } });
        let provisioned = false;
        if (user?.status === 'disabled') throw new SsoFailure('user_disabled');
        if (!user) {
          if (!connection.jitRoleId) throw new SsoFailure('no_invitation');
          const inserted = await queryRows<{ id: string }>(
            m,
            `insert into users (tenant_id, email, name, role_id, status, password_hash) values ($1, $2, $3, $4, 'active', null)
             on conflict do nothing returning id`,
            [connection.tenantId, email, name, connection.jitRoleId],
          );
          if (!inserted.length) throw new SsoFailure('address_has_account');
          user = await m.findOneByOrFail(User, { id: inserted[0].id });
          provisioned = true;
        } else if (user.status === 'invited') {
          // Signing in through the provider accepts the invitation.
          await m.update(User, { id: user.id }, { status: 'active', ...(name && !user.name ? { name } : {}) });
          user.status = 'active';
        }
        const issued = await this.sessions.issue(m, user, ctx, true);
        await m.update(User, { id: user.id }, { lastLoginAt: new Date() });
        await this.audit.record(m, ctx, {
          action: 'auth.sso.login',
          actor: { type: 'user', id: user.id, label: user.email },
          tenantId: user.tenantId,
          resourceType: 'session',
          resourceId: issued.session.id,
          metadata: { provider: connection.displayName, issuer: connection.issuerUrl, amr: amr ?? null, provisioned },
        });
        return issued;
      });
    } catch (error) {
      // Activating an invitation for an address that has an account in another workspace.
      if ((error as { code?: string }).code === '23505') throw new SsoFailure('address_has_account');
      throw error;
    }
  }
}
