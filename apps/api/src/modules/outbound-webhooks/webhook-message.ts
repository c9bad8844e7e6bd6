import { signStandardWebhook } from '../integrations/providers/webhook/standard-webhook-signature';

// Thin payloads: a body over this is cut down (changes and enrichment details dropped, then all but the ids).
export const MAX_PAYLOAD_BYTES = 20 * 1024;

export interface WebhookMessage {
  id: string;
  timestamp: number;
  body: string;
  headers: Record<string, string>;
}

function payloadBody(type: string, occurredAt: Date, data: Record<string, unknown>): string {
  const full = JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
  if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  const { changes: _changes, enrichment: _enrichment, ...rest } = data;
  const smaller = JSON.stringify({ type, timestamp: occurredAt.toISOString(), data: { ...rest, truncated: true } });
  if (Buffer.byteLength(smaller) <= MAX_PAYLOAD_BYTES) return smaller;
  const ids = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, value && typeof value === 'object' && 'id' in value ? { id: (value as { id: unknown }).id } : null]),
  );
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data: { ...ids, truncated: true } });
}

// One attempt's request per Standard Webhooks: `webhook-id` is the event's (the same on every attempt and
// for every endpoint, so receivers can dedupe), the timestamp is the attempt's, and the signature header
// lists one `v1,` entry per secret in use (two during a rotation).
export function webhookMessage(event: { eventId: string; type: string; occurredAt: Date; data: Record<string, unknown> }, secrets: readonly string[], now = Date.now()): WebhookMessage {
  const id = `msg_${event.eventId.replaceAll('-', '')}`;
  const timestamp = Math.floor(now / 1000);
  const body = payloadBody(event.type, new Date(event.occurredAt), event.data);
  return {
    id,
    timestamp,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'HotLeads-Webhooks/1.0',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': secrets.map((secret) => signStandardWebhook(secret, id, timestamp, body)).join(' '),
    },
  };
}
