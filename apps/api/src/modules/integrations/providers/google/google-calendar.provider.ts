import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { Credentials } from '../../credentials-vault';
import type { SignatureResult } from '../../integration-values';
import { providerFetch, RequestBudget, type HttpPolicy } from '../../sync/provider-http';
import type { PullProvider, PullStream } from '../../sync/pull-provider';
import { ProviderError } from '../provider-error';
import { lastFour, type CredentialCheck, type Inspection, type ProcessResult, type TestOutcome, type WebhookProvider } from '../webhook-provider';
import { GoogleCalendarEventsStream } from './google-calendar.stream';

const FIELDS = ['clientId', 'clientSecret', 'refreshToken'] as const;
const FIELD_LIMIT = 1000;

// Google Calendar, pulled on a schedule: an OAuth client and a refresh token with the
// calendar.readonly scope. The calendar (`config.calendarId`, default `primary`) and the team's own
// email domains (`config.teamDomains`: their attendees are not leads) are plain settings.
@Injectable()
export class GoogleCalendarProvider implements WebhookProvider, PullProvider {
  readonly name = 'google_calendar' as const;
  readonly label = 'Google Calendar';
  readonly streams: readonly PullStream[];
  // Google documents no token-request cap like Zoho's; this only stops a loop.
  readonly tokenRequestLimit = { count: 30, windowMs: 10 * 60_000 };
  private readonly oauthUrl: string;

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {
    this.oauthUrl = config.GOOGLE_OAUTH_URL.replace(/\/+$/, '');
    const apiUrl = config.GOOGLE_CALENDAR_API_URL.replace(/\/+$/, '');
    this.streams = [new GoogleCalendarEventsStream(() => apiUrl)];
  }

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    if (input === undefined) {
      return creating ? { credentials: null, errors: [{ field: 'credentials', message: 'Google Calendar needs credentials: { clientId, clientSecret, refreshToken }' }] } : { credentials: null, errors: [] };
    }
    const errors = [];
    const out: Credentials = {};
    for (const field of FIELDS) {
      const value = input[field];
      if (typeof value !== 'string' || value.trim().length < 8 || value.trim().length > FIELD_LIMIT || /\s/.test(value.trim())) {
        errors.push({ field: `credentials.${field}`, message: `${field} must be the Google OAuth ${field} (8 to ${FIELD_LIMIT} characters, no spaces)` });
      } else out[field] = value.trim();
    }
    for (const field of Object.keys(input)) if (!(FIELDS as readonly string[]).includes(field)) errors.push({ field: `credentials.${field}`, message: `${field} is not a Google Calendar credential` });
    return errors.length > 0 ? { credentials: null, errors } : { credentials: out, errors: [] };
  }

  hints(credentials: Credentials): Record<string, string> {
    return { clientId: lastFour(credentials.clientId ?? ''), clientSecret: lastFour(credentials.clientSecret ?? ''), refreshToken: lastFour(credentials.refreshToken ?? '') };
  }

  verify(): SignatureResult {
    return 'missing';
  }

  inspect(): Inspection {
    return { error: 'Google Calendar connections are pulled on a schedule; they take no webhooks' };
  }

  process(): Promise<ProcessResult> {
    return Promise.reject(new ProviderError('invalid', 'Google Calendar connections take no webhooks'));
  }

  authorization(accessToken: string): string {
    return `Bearer ${accessToken}`;
  }

  async requestToken(credentials: Credentials): Promise<{ accessToken: string; expiresInMs: number }> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: credentials.clientId ?? '', client_secret: credentials.clientSecret ?? '', refresh_token: credentials.refreshToken ?? '' });
    const answer = await providerFetch(
      `${this.oauthUrl}/token`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
      this.policy(1),
      new RequestBudget(1),
    );
    let body: { access_token?: string; expires_in?: number; error?: string } = {};
    try {
      body = JSON.parse(answer.text) as typeof body;
    } catch {
      // judged by the status below
    }
    if (answer.status === 200 && body.access_token) return { accessToken: body.access_token, expiresInMs: (body.expires_in ?? 3600) * 1000 };
    if (answer.status === 400 || answer.status === 401) throw new ProviderError('auth', `Google refused the refresh token${body.error ? ` (${String(body.error).slice(0, 60)})` : ''}: reconnect`);
    throw new ProviderError('invalid', `Google answered the token request with ${answer.status}`);
  }

  async test(credentials: Credentials): Promise<TestOutcome> {
    try {
      await this.requestToken(credentials);
      return { ok: true, message: 'Connected to Google Calendar' };
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message };
      throw error;
    }
  }

  policy(maxAttempts = this.config.SYNC_MAX_ATTEMPTS): HttpPolicy {
    return { provider: 'Google Calendar', timeoutMs: this.config.PROVIDER_TIMEOUT_MS, maxAttempts, baseDelayMs: this.config.SYNC_RETRY_BASE_MS };
  }
}
