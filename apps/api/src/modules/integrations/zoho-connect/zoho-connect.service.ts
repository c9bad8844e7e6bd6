import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { rolePermissions, type ZohoConnectErrorCode } from '@hotleads/shared';
import type { UserPrincipal } from '../../../common/auth/principal';
import type { AuthedContext, RequestContext } from '../../../common/auth/request-context';
import { sha256 } from '../../../common/crypto/tokens';
import { queryRows } from '../../../common/db/sql';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { publicUrlOf, workspaceUrlOf } from '../../../common/http/public-url';
import { appConfig, type AppConfig } from '../../../config/app.config';
import { AuditService } from '../../audit/audit.service';
import { Tenant } from '../../tenants/tenant.entity';
import { CredentialsVaultService } from '../credentials-vault.service';
import { IntegrationConnection } from '../integration-connection.entity';
import { IntegrationConnectionsService } from '../integration-connections.service';
import { ProviderError } from '../providers/provider-error';
import { zohoDataCentreOfAccountsServer, type ZohoDataCentre } from '../providers/zoho/zoho-hosts';
import { ZohoProvider } from '../providers/zoho/zoho.provider';
import type { StartZohoAuthorizationDto } from './dto/start-zoho-authorization.dto';
import type { ZohoOAuthInfoDto } from './dto/zoho-oauth-info.dto';
import { ZohoAuthorization } from './zoho-authorization.entity';
import { ZohoClientRequiredException } from './zoho-client-required.exception';
import { ZohoConnectUnavailableException } from './zoho-connect-unavailable.exception';

type Staff = AuthedContext<UserPrincipal>;

// A trip to Zoho's sign-in must come back within this.
const TTL_MS = 10 * 60_000;
const DEFAULT_NAME = 'Zoho CRM';
export const ZOHO_CALLBACK_PATH = '/api/v1/integrations/zoho/callback';
// The scopes the self-client steps name too: read and write leads, read their field list.
export const ZOHO_SCOPES = ['ZohoCRM.modules.leads.ALL', 'ZohoCRM.settings.fields.READ'];

const base64url = (bytes: Buffer) => bytes.toString('base64url');
// The sealed client secret of an authorization is bound to that row, never to a connection's.
const sealId = (authorizationId: string) => `zoho_authorization:${authorizationId}`;

export interface StartedZohoAuthorization {
  url: string;
  // Set as a cookie on the browser that started: the callback finishes only in that browser.
  browserToken: string;
}

class ConnectFailure extends Error {
  constructor(readonly code: ZohoConnectErrorCode) {
    super(code);
  }
}

// Connecting Zoho CRM through Zoho's own sign-in (the OAuth authorization-code grant) instead of pasting
// a self client's refresh token: `authorize` makes the URL, Zoho sends the browser to `callback`, which
// exchanges the code for a refresh token and saves it like the self-client form would.
@Injectable()
export class ZohoConnectService {
  private readonly logger = new Logger(ZohoConnectService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly vault: CredentialsVaultService,
    private readonly zoho: ZohoProvider,
    private readonly connections: IntegrationConnectionsService,
    private readonly audit: AuditService,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  // Zoho sends the browser back to one fixed address, registered with the client: PUBLIC_URL (with
  // BASE_DOMAIN too, so every workspace's client can use the same one), never a workspace's own host.
  private get redirectUri(): string | null {
    return this.app.PUBLIC_URL ? `${publicUrlOf(this.app)}${ZOHO_CALLBACK_PATH}` : null;
  }

  info(): ZohoOAuthInfoDto {
    const redirectUri = this.redirectUri;
    return { available: redirectUri !== null, redirectUri, scopes: ZOHO_SCOPES };
  }

  authorize(ctx: Staff, dto: StartZohoAuthorizationDto): Promise<StartedZohoAuthorization> {
    const redirectUri = this.redirectUri;
    if (!redirectUri) throw new ZohoConnectUnavailableException();
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      let client = { dataCentre: dto.dataCentre as string | undefined, clientId: dto.clientId, clientSecret: dto.clientSecret };
      let name = dto.name ?? DEFAULT_NAME;
      if (dto.connectionId) {
        const connection = await m.findOneBy(IntegrationConnection, { id: dto.connectionId, provider: 'zoho' });
        if (!connection) throw new NotFoundException('No Zoho connection with this id');
        const stored = this.connections.credentialsOf(connection);
        // A reconnect keeps the client it has unless a new one is given.
        client = { dataCentre: client.dataCentre ?? stored.dataCentre, clientId: client.clientId ?? stored.clientId, clientSecret: client.clientSecret ?? stored.clientSecret };
        name = connection.name;
      }
      const { dataCentre, clientId, clientSecret } = client;
      if (!dataCentre || !clientId || !clientSecret) throw new ZohoClientRequiredException();

      const state = base64url(randomBytes(32));
      const browserToken = base64url(randomBytes(32));
      // PKCE (S256). Zoho's reference does not say whether its accounts server checks it; an OAuth server
      // ignores parameters it does not know, so it is sent anyway and protects the code where checked.
      const codeVerifier = base64url(randomBytes(48));
      const codeChallenge = base64url(createHash('sha256').update(codeVerifier).digest());
      // Spent and expired trips are kept a day (for a late look at what happened), then dropped.
      await m.query(`delete from zoho_authorizations where tenant_id = $1 and expires_at < now() - interval '1 day'`, [tenantId]);
      const id = (await queryRows<{ id: string }>(m, 'select gen_random_uuid() as id'))[0].id;
      const sealed = this.vault.seal(sealId(id), { clientSecret });
      await m.insert(ZohoAuthorization, {
        id,
        tenantId,
        userId,
        stateHash: sha256(state),
        browserHash: sha256(browserToken),
        codeVerifier,
        connectionId: dto.connectionId ?? null,
        name,
        dataCentre,
        clientId,
        clientSecret: sealed.ciphertext,
        clientSecretKeyId: sealed.keyId,
        expiresAt: new Date(Date.now() + TTL_MS),
      });
      // Zoho's sign-in lives on the accounts server of the data centre (or ZOHO_ACCOUNTS_URL): never a
      // host from the request.
      const url = new URL(`${this.zoho.hosts({ dataCentre }).accounts}/oauth/v2/auth`);
      url.search = new URLSearchParams({
        scope: ZOHO_SCOPES.join(','),
        client_id: clientId,
        response_type: 'code',
        access_type: 'offline',
        prompt: 'consent',
        redirect_uri: redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      }).toString();
      return { url: url.toString(), browserToken };
    });
  }

  // Zoho sent the browser back. Answers where it goes next: the connection's page, or a page of the app
  // with `zoho_error=<code>`.
  async callback(query: Record<string, unknown>, browserToken: string | undefined, ctx: RequestContext): Promise<string> {
    const params = Object.fromEntries(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length <= 4096));
    const attempt = params.state ? await this.spend(params.state) : null;
    if (!attempt) return `${publicUrlOf(this.app)}/integrations?zoho_error=expired`;
    const appUrl = await this.appUrlFor(attempt.tenantId);
    try {
      const connectionId = await this.finish(attempt, params, browserToken, ctx);
      return `${appUrl}/integrations/${connectionId}?zoho=connected`;
    } catch (error) {
      if (!(error instanceof ConnectFailure)) throw error;
      await this.db.run(attempt.tenantId, (m) =>
        this.audit.record(m, ctx, {
          tenantId: attempt.tenantId,
          action: 'integration.zoho_connect',
          outcome: 'failure',
          actor: { type: 'user', id: attempt.userId },
          resourceType: 'integration_connection',
          resourceId: attempt.connectionId ?? undefined,
          metadata: { reason: error.code },
        }),
      );
      const page = attempt.connectionId && error.code !== 'connection_gone' ? `/integrations/${attempt.connectionId}` : '/integrations';
      return `${appUrl}${page}?zoho_error=${error.code}`;
    }
  }

  private async finish(attempt: ZohoAuthorization, params: Record<string, string>, browserToken: string | undefined, ctx: RequestContext): Promise<string> {
    if (!browserToken || sha256(browserToken) !== attempt.browserHash) throw new ConnectFailure('other_browser');
    // Zoho answers a declined consent with `error=access_denied` and no code.
    if (params.error || !params.code) throw new ConnectFailure(params.error ? 'denied' : 'refused');
    const user = await this.db.run(attempt.tenantId, (m) =>
      queryRows<{ email: string; key: string | null; permissions: string[] }>(
        m,
        `select u.email, r.key, r.permissions from users u join roles r on r.id = u.role_id where u.id = $1 and u.status = 'active'`,
        [attempt.userId],
      ),
    );
    if (!user[0] || !rolePermissions(user[0]).includes('integrations:manage')) throw new ConnectFailure('not_allowed');
    // The account may live in another data centre than the one chosen: Zoho says which. Only a known
    // accounts server counts, and only to pick the data centre; the host called is still the configured one.
    const dataCentre: ZohoDataCentre | string = zohoDataCentreOfAccountsServer(params['accounts-server']) ?? attempt.dataCentre;
    const clientSecret = this.openClientSecret(attempt);
    const client = { dataCentre, clientId: attempt.clientId, clientSecret };
    let refreshToken: string;
    try {
      ({ refreshToken } = await this.zoho.exchangeCode(client, params.code, this.redirectUri ?? '', attempt.codeVerifier));
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      this.logger.warn({ tenantId: attempt.tenantId, err: error.message }, 'the Zoho code exchange failed');
      throw new ConnectFailure(error.kind === 'auth' ? 'refused' : error.kind === 'invalid' ? 'no_refresh_token' : 'unreachable');
    }
    const actor = { tenantId: attempt.tenantId, userId: attempt.userId, email: user[0].email };
    const saved = await this.db.run(attempt.tenantId, (m) =>
      this.connections.saveAuthorized(m, ctx, actor, { connectionId: attempt.connectionId, name: attempt.name, provider: 'zoho' }, { ...client, refreshToken }),
    );
    if (!saved) throw new ConnectFailure('connection_gone');
    return saved.id;
  }

  // A trip sealed under a key retired since (ENCRYPTION_KEY rotated within its 10 minutes) cannot finish:
  // the rotation re-seals connections, not trips. It is as good as expired.
  private openClientSecret(attempt: ZohoAuthorization): string {
    try {
      return this.vault.open(sealId(attempt.id), { ciphertext: attempt.clientSecret, keyId: attempt.clientSecretKeyId }).clientSecret;
    } catch {
      throw new ConnectFailure('expired');
    }
  }

  // Finds and spends the authorization of a state, whatever its workspace (the callback knows none yet).
  private async spend(state: string): Promise<ZohoAuthorization | null> {
    const rows = await this.db.crossTenant((m) =>
      queryRows<{ id: string; tenantId: string }>(
        m,
        `update zoho_authorizations set used_at = now()
          where state_hash = $1 and used_at is null and expires_at > now()
          returning id, tenant_id as "tenantId"`,
        [sha256(state)],
      ),
    );
    if (!rows.length) return null;
    return this.db.run(rows[0].tenantId, (m) => m.findOneBy(ZohoAuthorization, { id: rows[0].id }));
  }

  // The app's pages of a workspace: its own host with BASE_DOMAIN (where its staff are signed in).
  private async appUrlFor(tenantId: string): Promise<string> {
    if (!this.app.BASE_DOMAIN) return publicUrlOf(this.app);
    const tenant = await this.db.run(tenantId, (m) => m.findOneBy(Tenant, { id: tenantId }));
    return tenant ? workspaceUrlOf(this.app, tenant.slug) : publicUrlOf(this.app);
  }
}
