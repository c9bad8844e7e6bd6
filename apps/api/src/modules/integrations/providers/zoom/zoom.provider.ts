import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { Credentials } from '../../credentials-vault';
import type { SignatureResult } from '../../integration-values';
import { providerFetch, RequestBudget, type HttpPolicy } from '../../sync/provider-http';
import type { PullProvider, PullStream } from '../../sync/pull-provider';
import { ProviderError } from '../provider-error';
import { lastFour, type CredentialCheck, type InboundWebhook, type Inspection, type ProcessResult, type TestOutcome, type WebhookProvider } from '../webhook-provider';
import { zoomRegistrantLead, type ZoomMeeting, type ZoomRegistrant } from './zoom-lead.mapper';
import { ZoomRegistrantsStream } from './zoom-registrants.stream';
import { verifyZoomSignature, zoomValidationAnswer } from './zoom-signature';

const REQUIRED = ['accountId', 'clientId', 'clientSecret'] as const;
const FIELDS = [...REQUIRED, 'webhookSecretToken'] as const;
const FIELD_LIMIT = 500;
export const ZOOM_REGISTRATION_EVENT = 'meeting.registration_created';
export const ZOOM_URL_VALIDATION_EVENT = 'endpoint.url_validation';

interface ZoomToken {
  access_token?: string;
  expires_in?: number;
  error?: string;
  reason?: string;
}

interface ZoomWebhook {
  event?: unknown;
  event_ts?: unknown;
  payload?: { plainToken?: unknown; object?: (ZoomMeeting & { registrant?: ZoomRegistrant }) | null } | null;
}

function parseWebhook(body: Buffer): ZoomWebhook | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ZoomWebhook) : null;
  } catch {
    return null;
  }
}

// Zoom, pulled on a schedule (every scheduled meeting's registrants) with an optional webhook for new
// registrations. Credentials are a Server-to-Server OAuth app's account id, client id and secret; its
// tokens (`account_credentials` grant, no refresh token) are asked for again before they expire, by the
// engine's shared AccessTokens only. `webhookSecretToken` (the app's secret token) verifies webhooks;
// without it the connection takes none.
@Injectable()
export class ZoomProvider implements WebhookProvider, PullProvider {
  readonly name = 'zoom' as const;
  readonly label = 'Zoom';
  readonly streams: readonly PullStream[];
  // Zoom documents no token-request cap; this only stops a loop.
  readonly tokenRequestLimit = { count: 30, windowMs: 10 * 60_000 };
  private readonly oauthUrl: string;

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {
    this.oauthUrl = config.ZOOM_OAUTH_URL.replace(/\/+$/, '');
    const apiUrl = config.ZOOM_API_URL.replace(/\/+$/, '');
    this.streams = [new ZoomRegistrantsStream(() => apiUrl)];
  }

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    if (input === undefined) {
      return creating
        ? { credentials: null, errors: [{ field: 'credentials', message: 'Zoom needs credentials: { accountId, clientId, clientSecret } and optionally webhookSecretToken' }] }
        : { credentials: null, errors: [] };
    }
    const errors = [];
    const out: Credentials = {};
    for (const field of FIELDS) {
      const value = input[field];
      if (value === undefined && field === 'webhookSecretToken') continue;
      if (typeof value !== 'string' || value.trim().length < 8 || value.trim().length > FIELD_LIMIT || /\s/.test(value.trim())) {
        errors.push({ field: `credentials.${field}`, message: `${field} must be the Zoom app's ${field} (8 to ${FIELD_LIMIT} characters, no spaces)` });
      } else out[field] = value.trim();
    }
    for (const field of Object.keys(input)) if (!(FIELDS as readonly string[]).includes(field)) errors.push({ field: `credentials.${field}`, message: `${field} is not a Zoom credential` });
    return errors.length > 0 ? { credentials: null, errors } : { credentials: out, errors: [] };
  }

  hints(credentials: Credentials): Record<string, string> {
    const hints: Record<string, string> = {};
    for (const field of FIELDS) if (credentials[field]) hints[field] = lastFour(credentials[field]);
    return hints;
  }

  verify(request: InboundWebhook, credentials: Credentials, now: Date): SignatureResult {
    return verifyZoomSignature(request.headers['x-zm-signature'], request.headers['x-zm-request-timestamp'], request.body, credentials.webhookSecretToken ?? '', now);
  }

  // Zoom's URL validation, answered at once (Zoom waits 3 s) and never stored: it carries no lead.
  handshake(request: InboundWebhook, credentials: Credentials): { plainToken: string; encryptedToken: string } | null {
    const body = parseWebhook(request.body);
    if (body?.event !== ZOOM_URL_VALIDATION_EVENT) return null;
    const plainToken = body.payload?.plainToken;
    if (typeof plainToken !== 'string' || plainToken === '' || plainToken.length > 200) return null;
    return zoomValidationAnswer(credentials.webhookSecretToken ?? '', plainToken);
  }

  // Every event is acknowledged (Zoom retries anything else); only new registrations store a lead.
  inspect(request: InboundWebhook): Inspection {
    const body = parseWebhook(request.body);
    if (!body || typeof body.event !== 'string' || body.event === '' || body.event.length > 100) return { error: 'a Zoom webhook is a JSON object with an `event`' };
    if (body.event === ZOOM_URL_VALIDATION_EVENT) return { error: 'the URL validation needs a plainToken' };
    const registrantId = body.payload?.object?.registrant?.id;
    const ts = typeof body.event_ts === 'number' || typeof body.event_ts === 'string' ? String(body.event_ts).slice(0, 20) : '';
    const key = typeof registrantId === 'string' ? registrantId.slice(0, 100) : createHash('sha256').update(request.body).digest('hex');
    return { dedupeKey: `${body.event}:${key}:${ts}`, action: body.event };
  }

  process(body: Buffer): Promise<ProcessResult> {
    const hook = parseWebhook(body);
    const object = hook?.payload?.object;
    if (hook?.event !== ZOOM_REGISTRATION_EVENT) return Promise.resolve({ items: [], eventData: {}, result: { ignored: `event "${String(hook?.event ?? '').slice(0, 100)}" carries no registration` } });
    const registrant = object?.registrant;
    if (!object || (typeof object.id !== 'number' && typeof object.id !== 'string') || !registrant || typeof registrant.id !== 'string' || registrant.id === '') {
      return Promise.reject(new ProviderError('invalid', 'the registration has no meeting id or registrant id'));
    }
    const meetingId = String(object.id).slice(0, 30);
    return Promise.resolve({
      items: [zoomRegistrantLead({ ...object, id: meetingId }, registrant)],
      eventData: { zoomEvent: ZOOM_REGISTRATION_EVENT },
      result: { meetingId, registrantId: registrant.id.slice(0, 100) },
    });
  }

  authorization(accessToken: string): string {
    return `Bearer ${accessToken}`;
  }

  // One `account_credentials` grant; the answer has no refresh token, so the engine asks again before expiry.
  async requestToken(credentials: Credentials): Promise<{ accessToken: string; expiresInMs: number }> {
    const query = new URLSearchParams({ grant_type: 'account_credentials', account_id: credentials.accountId ?? '' });
    const basic = Buffer.from(`${credentials.clientId ?? ''}:${credentials.clientSecret ?? ''}`).toString('base64');
    const answer = await providerFetch(
      `${this.oauthUrl}/oauth/token?${query.toString()}`,
      { method: 'POST', headers: { authorization: `Basic ${basic}`, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: query.toString() },
      this.policy(1),
      new RequestBudget(1),
    );
    let body: ZoomToken = {};
    try {
      body = JSON.parse(answer.text) as ZoomToken;
    } catch {
      // judged by the status below
    }
    if (answer.status === 200 && typeof body.access_token === 'string' && body.access_token !== '') {
      return { accessToken: body.access_token, expiresInMs: (typeof body.expires_in === 'number' ? body.expires_in : 3599) * 1000 };
    }
    if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
      const reason = typeof body.reason === 'string' ? body.reason : typeof body.error === 'string' ? body.error : '';
      throw new ProviderError('auth', `Zoom refused the app's credentials${reason ? ` (${reason.slice(0, 100)})` : ''}: check the account id, client id and secret`);
    }
    throw new ProviderError('invalid', `Zoom answered the token request with ${answer.status}`);
  }

  async test(credentials: Credentials): Promise<TestOutcome> {
    try {
      await this.requestToken(credentials);
      return { ok: true, message: 'Connected to Zoom' };
    } catch (error) {
      if (error instanceof ProviderError) return { ok: false, message: error.message };
      throw error;
    }
  }

  policy(maxAttempts = this.config.SYNC_MAX_ATTEMPTS): HttpPolicy {
    return { provider: 'Zoom', timeoutMs: this.config.PROVIDER_TIMEOUT_MS, maxAttempts, baseDelayMs: this.config.SYNC_RETRY_BASE_MS };
  }
}
