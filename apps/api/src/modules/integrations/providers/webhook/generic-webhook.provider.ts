import { Injectable } from '@nestjs/common';
import { checkLeadItem } from '../../../leads/lead-item-check';
import type { Credentials } from '../../credentials-vault';
import type { SignatureResult } from '../../integration-values';
import { ProviderError } from '../provider-error';
import { lastFour, type CredentialCheck, type InboundWebhook, type Inspection, type ProcessResult, type TestOutcome, type WebhookProvider } from '../webhook-provider';
import { newWebhookSecret, verifyStandardWebhook } from './standard-webhook-signature';

export const WEBHOOK_SOURCE = 'webhook';
export const MAX_WEBHOOK_LEADS = 100;
// After a rotation the old secret keeps verifying this long, so senders can switch without losing deliveries.
export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;
const MAX_EVENT_LABEL = 100;

interface Envelope {
  leads: unknown[];
  event: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// One lead (the fields of POST /api/v1/leads) or { leads: [...] } with up to 100, each with an optional
// `event` label; anything else is refused before it is stored.
function envelopeOf(body: Buffer): Envelope | { error: string } {
  let parsed: unknown;
  try {
    // The global JSON parser refuses prototype keys; this one must too, since items are copied onto DTOs.
    parsed = JSON.parse(body.toString('utf8'), (key, value: unknown) => {
      if (key === '__proto__' || (key === 'constructor' && isRecord(value) && 'prototype' in value)) throw new SyntaxError('forbidden key');
      return value;
    });
  } catch {
    return { error: 'the body is not valid JSON' };
  }
  if (!isRecord(parsed)) return { error: 'the body must be a JSON object: one lead, or { "leads": [...] }' };
  const { event, ...rest } = parsed;
  if (event !== undefined && (typeof event !== 'string' || event.length > MAX_EVENT_LABEL)) return { error: `event must be a string of at most ${MAX_EVENT_LABEL} characters` };
  const label = typeof event === 'string' && event.trim() !== '' ? event.trim() : null;
  if (!('leads' in rest)) return { leads: [rest], event: label };
  const { leads, ...others } = rest;
  if (Object.keys(others).length > 0) return { error: `with "leads", the only other field allowed is "event" (got ${Object.keys(others).slice(0, 5).join(', ')})` };
  if (!Array.isArray(leads) || leads.length === 0 || leads.length > MAX_WEBHOOK_LEADS) return { error: `leads must be an array of 1 to ${MAX_WEBHOOK_LEADS} leads` };
  return { leads, event: label };
}

// A generic signed source (Standard Webhooks): any scheduler, form tool or script that can sign a JSON body.
@Injectable()
export class GenericWebhookProvider implements WebhookProvider {
  readonly name = 'webhook' as const;

  checkCredentials(input: Record<string, unknown> | undefined, creating: boolean): CredentialCheck {
    if (input !== undefined) return { credentials: null, errors: [{ field: 'credentials', message: 'a webhook source takes no credentials: Hot Leads generates its secret' }] };
    return { credentials: creating ? { secret: newWebhookSecret() } : null, errors: [] };
  }

  hints(credentials: Credentials): Record<string, string> {
    const hints: Record<string, string> = { secret: lastFour(credentials.secret ?? '') };
    if (credentials.previousSecret && credentials.previousSecretExpiresAt) hints.previousSecretValidUntil = credentials.previousSecretExpiresAt;
    return hints;
  }

  // Every secret still valid: the current one, and the previous one for a day after a rotation.
  secretsOf(credentials: Credentials, now: Date): string[] {
    const secrets = [credentials.secret ?? ''];
    if (credentials.previousSecret && credentials.previousSecretExpiresAt && Date.parse(credentials.previousSecretExpiresAt) > now.getTime()) {
      secrets.push(credentials.previousSecret);
    }
    return secrets.filter(Boolean);
  }

  rotate(credentials: Credentials, now: Date): Credentials {
    return { secret: newWebhookSecret(), previousSecret: credentials.secret ?? '', previousSecretExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString() };
  }

  verify(request: InboundWebhook, credentials: Credentials, now: Date): SignatureResult {
    const h = request.headers;
    return verifyStandardWebhook({ id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] }, request.body, this.secretsOf(credentials, now), Math.floor(now.getTime() / 1000));
  }

  inspect(request: InboundWebhook): Inspection {
    const contentType = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') return { error: 'a webhook source takes application/json' };
    const envelope = envelopeOf(request.body);
    if ('error' in envelope) return envelope;
    return { dedupeKey: `id:${request.headers['webhook-id'] ?? ''}`, action: envelope.event };
  }

  process(body: Buffer): Promise<ProcessResult> {
    const envelope = envelopeOf(body);
    // inspect() refused anything else before it was stored; a stored body parses the same way again.
    if ('error' in envelope) throw new ProviderError('invalid', envelope.error);
    const items = envelope.leads.map((item) => checkLeadItem(item, { source: WEBHOOK_SOURCE }));
    return Promise.resolve({ items, eventData: envelope.event ? { event: envelope.event } : {}, result: envelope.event ? { event: envelope.event } : {} });
  }

  test(credentials: Credentials): Promise<TestOutcome> {
    // Nothing to call: the sender calls us. The test says whether the secret is usable.
    return Promise.resolve(credentials.secret ? { ok: true, message: 'Ready to receive signed webhooks' } : { ok: false, message: 'This source has no secret; rotate it to make one' });
  }
}
