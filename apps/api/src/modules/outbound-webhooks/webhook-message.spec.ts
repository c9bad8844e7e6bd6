import { Webhook } from 'standardwebhooks';
import { newWebhookSecret } from '../integrations/providers/webhook/standard-webhook-signature';
import { MAX_PAYLOAD_BYTES, webhookMessage } from './webhook-message';

describe('outbound webhook message', () => {
  const event = { eventId: '0b6c3f3e-7c55-4d1e-9a0b-1d2e3f4a5b6c', type: 'lead.created', occurredAt: new Date('2026-12-07T10:00:00Z'), data: { lead: { id: 'l1', name: 'Ada' } } };

  it('is verified by the official standardwebhooks package with either secret during a rotation', () => {
    const current = newWebhookSecret();
    const previous = newWebhookSecret();
    const message = webhookMessage(event, [current, previous]);
    expect(message.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(message.id).toBe('msg_0b6c3f3e7c554d1e9a0b1d2e3f4a5b6c');
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(message.body, message.headers)).toEqual({ type: 'lead.created', timestamp: '2026-12-07T10:00:00.000Z', data: event.data });
    }
    expect(() => new Webhook(newWebhookSecret()).verify(message.body, message.headers)).toThrow();
  });

  it('keeps payloads under 20 kB', () => {
    const big = { ...event, data: { lead: { id: 'l1', name: 'x'.repeat(30_000) }, changes: { notes: 'y'.repeat(30_000) } } };
    const message = webhookMessage(big, [newWebhookSecret()]);
    expect(Buffer.byteLength(message.body)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(JSON.parse(message.body)).toEqual({ type: 'lead.created', timestamp: '2026-12-07T10:00:00.000Z', data: { lead: { id: 'l1' }, truncated: true } });
  });
});
