import type { Credentials } from '../../integrations/credentials-vault';
import type { SignatureResult } from '../../integrations/integration-values';
import { ProviderError } from '../../integrations/providers/provider-error';
import type { Inspection, ProcessResult, WebhookProvider } from '../../integrations/providers/webhook-provider';
import type { EnrichmentKind, EnrichmentProviderName } from '../enrichment-values';

// The lead columns an answer fills (the summary the list filters on and scoring reads).
export interface LeadSignals {
  emailVerdict?: string | null;
  phoneValid?: boolean | null;
  phoneLineType?: string | null;
}

export interface LookupAnswer {
  // The fields the product shows and keeps (camelCase, provider-neutral where it can be).
  summary: Record<string, unknown>;
  // The provider's whole answer, kept for support and for fields the summary leaves out.
  raw: Record<string, unknown>;
}

// A source of facts about a lead's email or phone. Each one is a connection of Integrations I (the
// connection, its vault-sealed credentials and `test` come from there, through WebhookProvider), plus
// what enrichment needs: which value of the lead it looks at, the lookup itself and the lead columns an
// answer sets. The next source (a court docket, a company-data API) is one folder beside these.
//
// lookup() makes one attempt and throws ProviderError: `retryable` (429, 5xx, timeout, network; the job
// retries with backoff), `auth` (401/403: the connection needs attention), `invalid` (a failed request
// that retrying will not fix, such as Kickbox's `success: false`).
export interface EnrichmentProvider extends WebhookProvider {
  readonly name: EnrichmentProviderName;
  readonly kind: EnrichmentKind;
  readonly label: string;
  lookup(value: string, credentials: Credentials): Promise<LookupAnswer>;
  signals(summary: Record<string, unknown>): LeadSignals;
}

// Enrichment connections receive no webhooks: the inbound parts of WebhookProvider refuse.
export abstract class LookupOnlyProvider {
  abstract readonly label: string;

  verify(): SignatureResult {
    return 'missing';
  }

  inspect(): Inspection {
    return { error: `${this.label} connections are used for enrichment; they take no webhooks` };
  }

  process(): Promise<ProcessResult> {
    return Promise.reject(new ProviderError('invalid', `${this.label} connections take no webhooks`));
  }
}

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown> | null;
}

// One GET with the enrichment fault rules: a timeout, a network error, 429 and 5xx are `retryable`,
// 401/403 `auth`; any other status is the caller's to read. Never follows redirects (the base URL is
// configuration, not a request's to change).
export async function lookupGet(provider: string, url: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpAnswer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    throw new ProviderError('retryable', name === 'TimeoutError' || name === 'AbortError' ? `${provider} did not answer within ${timeoutMs} ms` : `${provider} could not be reached`);
  }
  if (response.status === 429) throw new ProviderError('retryable', `${provider} is limiting requests (429)`);
  if (response.status >= 500) throw new ProviderError('retryable', `${provider} failed (${response.status})`);
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = null;
  }
  if (response.status === 401 || response.status === 403) {
    const message = typeof body?.message === 'string' ? `: ${body.message.slice(0, 120)}` : '';
    throw new ProviderError('auth', `${provider} refused the credentials (${response.status})${message}`);
  }
  return { status: response.status, body };
}
