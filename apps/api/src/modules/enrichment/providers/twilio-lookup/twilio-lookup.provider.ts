import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { Credentials } from '../../../integrations/credentials-vault';
import { ProviderError } from '../../../integrations/providers/provider-error';
import type { CredentialCheck, TestOutcome } from '../../../integrations/providers/webhook-provider';
import { testOutcome } from '../../../integrations/providers/provider-checks';
import { checkTwilioCredentials, twilioAuthorization, twilioHints } from '../../../integrations/providers/twilio/twilio-credentials';
import { lookupGet, LookupOnlyProvider, type EnrichmentProvider, type LeadSignals, type LookupAnswer } from '../enrichment-provider';

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
    return checkTwilioCredentials(this.label, input, creating);
  }

  hints(credentials: Credentials): Record<string, string> {
    return twilioHints(credentials);
  }

  private async get(phone: string, credentials: Credentials, fields: boolean): Promise<Record<string, unknown>> {
    const base = this.config.TWILIO_LOOKUP_BASE_URL.replace(/\/+$/, '');
    const url = `${base}/v2/PhoneNumbers/${encodeURIComponent(phone)}${fields ? '?Fields=line_type_intelligence' : ''}`;
    const answer = await lookupGet(this.label, url, { authorization: twilioAuthorization(credentials) }, this.config.PROVIDER_TIMEOUT_MS);
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
