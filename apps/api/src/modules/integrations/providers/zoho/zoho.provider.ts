import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { Credentials } from '../../credentials-vault';
import type { SignatureResult } from '../../integration-values';
import { providerFetch, RequestBudget, type HttpPolicy } from '../../sync/provider-http';
import type { PullContext, PullProvider, PullStream, PushStream } from '../../sync/pull-provider';
import { ZohoPushStream } from './zoho-push.stream';
import { ProviderError } from '../provider-error';
import { lastFour, type CredentialCheck, type Inspection, type ProcessResult, type TestOutcome, type WebhookProvider } from '../webhook-provider';
import { parseJson, zohoError } from './zoho-errors';
import { ZOHO_DATA_CENTRES, zohoHosts, type ZohoHosts } from './zoho-hosts';
import { ZohoDeletedLeadsStream, ZohoLeadsStream } from './zoho-streams';

const FIELDS = ['dataCentre', 'clientId', 'clientSecret', 'refreshToken'] as const;
const FIELD_LIMIT = 500;

interface ZohoToken {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  expires_in_sec?: number;
  error?: string;
}

// Zoho CRM, pulled on a schedule (Leads and deleted Leads). Credentials come from Zoho's "self client":
// the data centre, client id and secret, and a refresh token; access tokens are asked for only by the
// engine's AccessTokens, under the connection's lock (Zoho allows 10 live ones and 10 requests per 10 minutes).
// Zoho posts no webhooks here: its connection has no signed inbound route.
@Injectable()
export class ZohoProvider implements WebhookProvider, PullProvider {
  readonly name = 'zoho' as const;
  readonly label = 'Zoho CRM';
  readonly streams: readonly PullStream[];
  readonly pushStreams: readonly PushStream[];
  readonly tokenRequestLimit = { count: 10, windowMs: 10 * 60_000 };

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {
    const hosts = (ctx: PullContext) => this.hosts(ctx.credentials);
    this.streams = [new ZohoLeadsStream(hosts), new ZohoDeletedLeadsStream(hosts)];
    this.pushStreams = [new ZohoPushStream(hosts)];
  }

  hosts(credentials: Credentials): ZohoHosts {
    return zohoHosts(credentials.dataCentre, { accounts: this.config.ZOHO_ACCOUNTS_URL, api: this.config.ZOHO_API_URL });
  }

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    if (input === undefined) {
      return creating
        ? { credentials: null, errors: [{ field: 'credentials', message: 'Zoho needs credentials: { dataCentre, clientId, clientSecret, refreshToken }' }] }
        : { credentials: null, errors: [] };
    }
    const errors = [];
    const out: Credentials = {};
    const dc = typeof input.dataCentre === 'string' ? input.dataCentre.trim().toLowerCase() : '';
    if (!(ZOHO_DATA_CENTRES as readonly string[]).includes(dc)) errors.push({ field: 'credentials.dataCentre', message: `dataCentre must be one of ${ZOHO_DATA_CENTRES.join(', ')}` });
    out.dataCentre = dc;
    for (const field of ['clientId', 'clientSecret', 'refreshToken'] as const) {
      const value = input[field];
      if (typeof value !== 'string' || value.trim().length < 8 || value.trim().length > FIELD_LIMIT || /\s/.test(value.trim())) {
        errors.push({ field: `credentials.${field}`, message: `${field} must be the Zoho ${field} (8 to ${FIELD_LIMIT} characters, no spaces)` });
      } else out[field] = value.trim();
    }
    for (const field of Object.keys(input)) if (!(FIELDS as readonly string[]).includes(field)) errors.push({ field: `credentials.${field}`, message: `${field} is not a Zoho credential` });
    return errors.length > 0 ? { credentials: null, errors } : { credentials: out, errors: [] };
  }

  hints(credentials: Credentials): Record<string, string> {
    return { dataCentre: credentials.dataCentre ?? '', clientId: lastFour(credentials.clientId ?? ''), clientSecret: lastFour(credentials.clientSecret ?? ''), refreshToken: lastFour(credentials.refreshToken ?? '') };
  }

  verify(): SignatureResult {
    return 'missing';
  }

  inspect(): Inspection {
    return { error: 'Zoho connections are pulled on a schedule; they take no webhooks' };
  }

  process(): Promise<ProcessResult> {
    return Promise.reject(new ProviderError('invalid', 'Zoho connections take no webhooks'));
  }

  authorization(accessToken: string): string {
    return `Zoho-oauthtoken ${accessToken}`;
  }

  // One token request. A refused refresh token is `auth` (the connection needs attention); Zoho reportedly
  // answers it with 200 and {"error":"invalid_code"}.
  async requestToken(credentials: Credentials): Promise<{ accessToken: string; expiresInMs: number }> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: credentials.clientId ?? '', client_secret: credentials.clientSecret ?? '', refresh_token: credentials.refreshToken ?? '' });
    const answer = await providerFetch(
      `${this.hosts(credentials).accounts}/oauth/v2/token`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
      this.policy(1),
      new RequestBudget(1),
    );
    const body = answer.status === 200 || answer.status === 400 || answer.status === 401 ? parseJson<ZohoToken>(answer, 'the token request') : null;
    if (body?.access_token && answer.status === 200) {
      // `expires_in` is in milliseconds when `expires_in_sec` is there too.
      const expiresInMs = typeof body.expires_in_sec === 'number' ? body.expires_in_sec * 1000 : (body.expires_in ?? 3600) * 1000;
      return { accessToken: body.access_token, expiresInMs };
    }
    if (body?.error || answer.status === 400 || answer.status === 401) {
      throw new ProviderError('auth', `Zoho refused the refresh token${body?.error ? ` (${String(body.error).slice(0, 60)})` : ''}: reconnect`);
    }
    throw zohoError(answer, 'the token request');
  }

  // The authorization-code grant of the connect flow: the code Zoho's sign-in sent back, with the PKCE
  // verifier, for the refresh token the connection keeps. A refused code is `auth` (Zoho answers
  // {"error":"invalid_code"}); an answer without a refresh token is `invalid`.
  async exchangeCode(credentials: Credentials, code: string, redirectUri: string, codeVerifier: string): Promise<{ refreshToken: string }> {
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: credentials.clientId ?? '',
      client_secret: credentials.clientSecret ?? '',
      redirect_uri: redirectUri,
      code,
      code_verifier: codeVerifier,
    });
    const answer = await providerFetch(
      `${this.hosts(credentials).accounts}/oauth/v2/token`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
      this.policy(1),
      new RequestBudget(1),
    );
    const body = answer.status === 200 || answer.status === 400 || answer.status === 401 ? parseJson<ZohoToken>(answer, 'the code exchange') : null;
    if (body?.error || answer.status === 400 || answer.status === 401) {
      throw new ProviderError('auth', `Zoho refused the authorization code${body?.error ? ` (${String(body.error).slice(0, 60)})` : ''}`);
    }
    if (answer.status !== 200) throw zohoError(answer, 'the code exchange');
    if (!body?.refresh_token) throw new ProviderError('invalid', 'Zoho sent no refresh token');
    return { refreshToken: body.refresh_token };
  }

  async test(credentials: Credentials): Promise<TestOutcome> {
    try {
      await this.requestToken(credentials);
      return { ok: true, message: 'Connected to Zoho CRM' };
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message };
      throw error;
    }
  }

  policy(maxAttempts = this.config.SYNC_MAX_ATTEMPTS): HttpPolicy {
    return { provider: 'Zoho CRM', timeoutMs: this.config.PROVIDER_TIMEOUT_MS, maxAttempts, baseDelayMs: this.config.SYNC_RETRY_BASE_MS };
  }
}
