import { Inject, Injectable } from '@nestjs/common';
import { integrationsConfig, type IntegrationsConfig } from '../../../../config/integrations.config';
import type { Credentials } from '../../../integrations/credentials-vault';
import { ProviderError } from '../../../integrations/providers/provider-error';
import { lastFour, type CredentialCheck, type TestOutcome } from '../../../integrations/providers/webhook-provider';
import { EMAIL_VERDICTS } from '../../enrichment-values';
import { checkFields, testOutcome } from '../../../integrations/providers/provider-checks';
import { lookupGet, LookupOnlyProvider, type EnrichmentProvider, type LeadSignals, type LookupAnswer } from '../enrichment-provider';

const SHAPES = {
  apiKey: { pattern: /^[A-Za-z0-9_-]{8,200}$/, message: 'apiKey must be a Kickbox API key (live_... or test_...)' },
};

// What the connection test verifies: one address, so a test costs at most one verification.
const TEST_EMAIL = 'postmaster@example.com';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

// Kickbox email verification. `success: false` in a 200 is a failed request, never a verdict; 403 is a bad
// key or a spent balance (the connection needs attention either way). The key goes in the Authorization
// header, never the query string, so it stays out of access logs.
@Injectable()
export class KickboxProvider extends LookupOnlyProvider implements EnrichmentProvider {
  readonly name = 'kickbox' as const;
  readonly kind = 'email' as const;
  readonly label = 'Kickbox';

  constructor(@Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig) {
    super();
  }

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    return checkFields(this.label, input, creating, SHAPES, () => ['apiKey']);
  }

  hints(credentials: Credentials): Record<string, string> {
    return { apiKey: lastFour(credentials.apiKey ?? '') };
  }

  async lookup(email: string, credentials: Credentials): Promise<LookupAnswer> {
    const base = this.config.KICKBOX_BASE_URL.replace(/\/+$/, '');
    const timeout = Math.max(1000, this.config.PROVIDER_TIMEOUT_MS - 1000);
    const url = `${base}/v2/verify?email=${encodeURIComponent(email)}&timeout=${timeout}`;
    const answer = await lookupGet(this.label, url, { authorization: `Bearer ${credentials.apiKey ?? ''}` }, this.config.PROVIDER_TIMEOUT_MS);
    const raw = answer.body;
    if (!raw || raw.success !== true) {
      const message = typeof raw?.message === 'string' && raw.message ? `: ${raw.message.slice(0, 120)}` : '';
      throw new ProviderError('invalid', `${this.label} could not verify the address (${answer.status}${raw?.success === false ? ', success false' : ''})${message}`);
    }
    const result = str(raw.result);
    if (!result || !(EMAIL_VERDICTS as readonly string[]).includes(result)) throw new ProviderError('invalid', `${this.label} answered an unknown result`);
    return {
      raw,
      summary: {
        result,
        reason: str(raw.reason),
        sendex: typeof raw.sendex === 'number' ? raw.sendex : null,
        disposable: bool(raw.disposable),
        role: bool(raw.role),
        free: bool(raw.free),
        acceptAll: bool(raw.accept_all),
        didYouMean: str(raw.did_you_mean),
      },
    };
  }

  signals(summary: Record<string, unknown>): LeadSignals {
    return { emailVerdict: str(summary.result) };
  }

  test(credentials: Credentials): Promise<TestOutcome> {
    return testOutcome(this.label, () => this.lookup(TEST_EMAIL, credentials));
  }
}
