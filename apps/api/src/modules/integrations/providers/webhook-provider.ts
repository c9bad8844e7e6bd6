import type { FieldError } from '../../../common/problem/problem.exception';
import type { NormalisedLead } from '../../leads/lead-input';
import type { Credentials } from '../credentials-vault';
import type { ProviderName, SignatureResult } from '../integration-values';

// What an inbound request offers a provider: its raw bytes and its headers (lower-case names).
export interface InboundWebhook {
  body: Buffer;
  headers: Record<string, string | undefined>;
}

// After a good signature: the dedupe key and the action to record, or why the body cannot be used.
export type Inspection = { dedupeKey: string; action: string | null } | { error: string };

export interface ProcessResult {
  // Each lead the delivery carries, normalised or with its field errors.
  items: Array<NormalisedLead | FieldError[]>;
  // Added to the data of the lead events the intake writes.
  eventData: Record<string, unknown>;
  // A timeline entry of the provider's own for every stored lead (e.g. appointment.canceled).
  leadEvent?: { type: string; data: Record<string, unknown> };
  // Kept on the delivery as its result.
  result: Record<string, unknown>;
}

export interface TestOutcome {
  ok: boolean;
  message: string;
}

export interface CredentialCheck {
  credentials: Credentials | null;
  errors: FieldError[];
}

// A source of inbound webhooks. Everything provider-specific lives behind this; the intake, the ledger
// and the processing job know only this interface.
export interface WebhookProvider {
  readonly name: ProviderName;
  // Validates credentials given on create/update; `secret` is generated (never given) for `webhook`.
  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck;
  // Validates the provider's own settings in `config` (given on create; on update only when sent).
  checkConfig?(config: Record<string, unknown> | undefined, creating: boolean): FieldError[];
  // What may be shown of the stored credentials: each field set, at most its last four characters.
  hints(credentials: Credentials): Record<string, string>;
  verify(request: InboundWebhook, credentials: Credentials, now: Date): SignatureResult;
  inspect(request: InboundWebhook): Inspection;
  // A signed endpoint check the provider wants answered in the response itself (Zoom's URL validation):
  // the answer's body, or null when the request is an ordinary delivery. Nothing is recorded for it.
  handshake?(request: InboundWebhook, credentials: Credentials): { plainToken: string; encryptedToken: string } | null;
  // Runs in the processing job (never before the 200). Throws ProviderError for the provider's refusals.
  process(body: Buffer, credentials: Credentials): Promise<ProcessResult>;
  test(credentials: Credentials): Promise<TestOutcome>;
}

// The last four characters of a value, and only when there are enough others to keep it secret.
export function lastFour(value: string): string {
  return value.length >= 12 ? `…${value.slice(-4)}` : '…';
}
