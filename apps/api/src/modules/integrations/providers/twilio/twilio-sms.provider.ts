import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { FieldError } from '../../../../common/problem/problem.exception';
import type { Credentials } from '../../credentials-vault';
import type { SignatureResult } from '../../integration-values';
import { testOutcome } from '../provider-checks';
import { ProviderError } from '../provider-error';
import type { CredentialCheck, Inspection, ProcessResult, TestOutcome, WebhookProvider } from '../webhook-provider';
import { checkTwilioCredentials, twilioAuthorization, twilioHints } from './twilio-credentials';

const E164 = /^\+[1-9]\d{6,14}$/;

// The answer to one message: sent (Twilio queued it), or refused with Twilio's error code and message and,
// for 429, the Retry-After header.
export type TwilioSendResult =
  | { ok: true; sid: string | null }
  | { ok: false; status: number | null; code: number | null; message: string; retryAfter: string | undefined };

// Twilio error codes that say the recipient's number cannot take text messages (invalid, not a mobile,
// unsubscribed with STOP, unreachable): the user's number stops counting until they enter one again.
export const TWILIO_NUMBER_REFUSED = new Set([21211, 21214, 21217, 21610, 21612, 21614]);

// A Twilio (SMS) connection: text messages for notifications through the Messaging API. Credentials as any
// Twilio product (twilio-credentials.ts); config `{ fromNumber }` (E.164), the sender. `test` reads the
// account. It takes no webhooks.
@Injectable()
export class TwilioSmsProvider implements WebhookProvider {
  readonly name = 'twilio' as const;
  readonly label = 'Twilio (SMS)';

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {}

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    return checkTwilioCredentials(this.label, input, creating);
  }

  checkConfig(config: Record<string, unknown> | undefined, creating: boolean): FieldError[] {
    if (config === undefined) return creating ? [{ field: 'config.fromNumber', message: 'fromNumber must be the sending number in E.164 (+ and digits)' }] : [];
    const errors: FieldError[] = [];
    if (typeof config.fromNumber !== 'string' || !E164.test(config.fromNumber)) errors.push({ field: 'config.fromNumber', message: 'fromNumber must be the sending number in E.164 (+ and digits)' });
    for (const key of Object.keys(config)) if (key !== 'fromNumber') errors.push({ field: `config.${key}`, message: `${key} is not a ${this.label} setting` });
    return errors;
  }

  hints(credentials: Credentials): Record<string, string> {
    return twilioHints(credentials);
  }

  verify(): SignatureResult {
    return 'missing';
  }

  inspect(): Inspection {
    return { error: `${this.label} connections send text messages; they take no webhooks` };
  }

  process(): Promise<ProcessResult> {
    return Promise.reject(new ProviderError('invalid', `${this.label} connections take no webhooks`));
  }

  // GET the account: proves the SID and the secret without sending anything.
  test(credentials: Credentials): Promise<TestOutcome> {
    return testOutcome(this.label, async () => {
      const answer = await this.call('GET', `/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid ?? '')}.json`, credentials);
      const status = answer.status ?? 0;
      if (status === 401 || status === 403) throw new ProviderError('auth', `${this.label} refused the credentials (${status})${answer.message ? `: ${answer.message}` : ''}`);
      if (status !== 200) throw new ProviderError(status === 429 || status >= 500 ? 'retryable' : 'invalid', `${this.label} answered ${status}${answer.message ? `: ${answer.message}` : ''}`);
    });
  }

  // One message, one attempt (the caller retries). A network failure or timeout is `status: null`.
  async send(credentials: Credentials, from: string, to: string, body: string): Promise<TwilioSendResult> {
    const form = new URLSearchParams({ To: to, From: from, Body: body }).toString();
    const answer = await this.call('POST', `/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid ?? '')}/Messages.json`, credentials, form);
    if (answer.status === 200 || answer.status === 201) return { ok: true, sid: typeof answer.body?.sid === 'string' ? answer.body.sid : null };
    return { ok: false, status: answer.status, code: typeof answer.body?.code === 'number' ? answer.body.code : null, message: answer.message ?? answer.error ?? `Twilio answered ${answer.status}`, retryAfter: answer.retryAfter };
  }

  private async call(
    method: 'GET' | 'POST',
    path: string,
    credentials: Credentials,
    form?: string,
  ): Promise<{ status: number | null; body: Record<string, unknown> | null; message: string | null; retryAfter: string | undefined; error?: string }> {
    const url = `${this.config.TWILIO_API_BASE_URL.replace(/\/+$/, '')}${path}`;
    const headers: Record<string, string> = { accept: 'application/json', authorization: twilioAuthorization(credentials) };
    if (form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method, headers, body: form, signal: AbortSignal.timeout(this.config.PROVIDER_TIMEOUT_MS), redirect: 'error' });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      const message = name === 'TimeoutError' || name === 'AbortError' ? `${this.label} did not answer within ${this.config.PROVIDER_TIMEOUT_MS} ms` : `${this.label} could not be reached`;
      if (method === 'GET') throw new ProviderError('retryable', message);
      return { status: null, body: null, message: null, retryAfter: undefined, error: message };
    }
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      body = null;
    }
    // Twilio's messages name the problem ("The 'To' number +1555 is not a valid phone number."), never a secret.
    const message = typeof body?.message === 'string' ? body.message.slice(0, 200) : null;
    return { status: response.status, body, message, retryAfter: response.headers.get('retry-after') ?? undefined };
  }
}
