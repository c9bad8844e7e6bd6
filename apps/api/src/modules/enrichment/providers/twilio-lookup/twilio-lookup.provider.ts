import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { Credentials } from '../../../integrations/credentials-vault';
import { ProviderError } from '../../../integrations/providers/provider-error';
import { lastFour, type CredentialCheck, type TestOutcome } from '../../../integrations/providers/webhook-provider';
import { checkFields, lookupGet, LookupOnlyProvider, testOutcome, type EnrichmentProvider, type LeadSignals, type LookupAnswer } from '../enrichment-provider';

const SHAPES = {
  accountSid: { pattern: /^AC[0-9a-fA-F]{32}$/, message: 'accountSid must be the Twilio account SID (AC followed by 32 hex digits)' },
  authToken: { pattern: /^[A-Za-z0-9]{16,128}$/, message: 'authToken must be the Twilio auth token (16 to 128 letters and digits)' },
  apiKeySid: { pattern: /^SK[0-9a-fA-F]{32}$/, message: 'apiKeySid must be a Twilio API key SID (SK followed by 32 hex digits)' },
  apiKeySecret: { pattern: /^[A-Za-z0-9]{16,128}$/, message: 'apiKeySecret must be the Twilio API key secret (16 to 128 letters and digits)' },
};

// A number Twilio documents; the free part of Lookup (no Fields) validates it without a paid package.
const TEST_NUMBER = '+14159929960';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

// Twilio Lookup v2 with Line Type Intelligence. An invalid number is a 200 with `valid: false` (a verdict,
// not an error). Basic auth with the account SID and auth token, or (Twilio's advice for production) an API
// key SID and secret; the account SID is kept with the key for reference.
@Injectable()
export class TwilioLookupProvider extends LookupOnlyProvider implements EnrichmentProvider {
  readonly name = 'twilio_lookup' as const;
  readonly kind = 'phone' as const;
  readonly label = 'Twilio Lookup';

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {
    super();
  }

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    return checkFields(this.label, input, creating, SHAPES, (given) => {
      if (given.has('apiKeySid') || given.has('apiKeySecret')) return given.has('authToken') ? 'give either authToken or apiKeySid and apiKeySecret, not both' : ['accountSid', 'apiKeySid', 'apiKeySecret'];
      return ['accountSid', 'authToken'];
    });
  }

  hints(credentials: Credentials): Record<string, string> {
    const hints: Record<string, string> = {};
    for (const field of Object.keys(SHAPES)) if (credentials[field]) hints[field] = field.endsWith('Sid') ? `${credentials[field].slice(0, 2)}${lastFour(credentials[field])}` : lastFour(credentials[field]);
    return hints;
  }

  private authorization(credentials: Credentials): string {
    const user = credentials.apiKeySid ?? credentials.accountSid ?? '';
    const password = credentials.apiKeySid ? (credentials.apiKeySecret ?? '') : (credentials.authToken ?? '');
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  private async get(phone: string, credentials: Credentials, fields: boolean): Promise<Record<string, unknown>> {
    const base = this.config.TWILIO_LOOKUP_BASE_URL.replace(/\/+$/, '');
    const url = `${base}/v2/PhoneNumbers/${encodeURIComponent(phone)}${fields ? '?Fields=line_type_intelligence' : ''}`;
    const answer = await lookupGet(this.label, url, { authorization: this.authorization(credentials) }, this.config.PROVIDER_TIMEOUT_MS);
    if (answer.status !== 200 || !answer.body) {
      const message = typeof answer.body?.message === 'string' ? `: ${answer.body.message.slice(0, 120)}` : '';
      throw new ProviderError('invalid', `${this.label} answered ${answer.status}${message}`);
    }
    return answer.body;
  }

  async lookup(phone: string, credentials: Credentials): Promise<LookupAnswer> {
    const raw = await this.get(phone, credentials, true);
    if (typeof raw.valid !== 'boolean') throw new ProviderError('invalid', `${this.label} answered without a validity`);
    const lti = raw.line_type_intelligence && typeof raw.line_type_intelligence === 'object' ? (raw.line_type_intelligence as Record<string, unknown>) : null;
    const errors = Array.isArray(raw.validation_errors) ? raw.validation_errors.filter((e): e is string => typeof e === 'string') : [];
    return {
      raw,
      summary: {
        valid: raw.valid,
        validationErrors: errors,
        lineType: raw.valid ? str(lti?.type) : null,
        carrier: raw.valid ? str(lti?.carrier_name) : null,
        countryCode: str(raw.country_code),
        callingCountryCode: str(raw.calling_country_code),
        nationalFormat: str(raw.national_format),
        lineTypeError: lti?.error_code ?? null,
      },
    };
  }

  signals(summary: Record<string, unknown>): LeadSignals {
    return { phoneValid: summary.valid === true, phoneLineType: str(summary.lineType) };
  }

  test(credentials: Credentials): Promise<TestOutcome> {
    return testOutcome(this.label, () => this.get(TEST_NUMBER, credentials, false));
  }
}
