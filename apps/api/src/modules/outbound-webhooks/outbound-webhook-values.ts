// The events an endpoint can subscribe to. `lead.*` stands for every lead event; `ping` is sent only by
// "Send test" and needs no subscription.
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'lead.status_changed',
  'lead.assigned',
  'lead.deleted',
  'lead.restored',
  'lead.enriched',
  'sync.run_failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENT_FILTERS = [...WEBHOOK_EVENT_TYPES, 'lead.*'] as const;
export type WebhookEventFilter = (typeof WEBHOOK_EVENT_FILTERS)[number];

export const PING_EVENT = 'ping';

// pending: waiting for its next attempt (or being sent); succeeded: a 2xx came back; failed: given up
// (retries spent, the endpoint answered 410 or was disabled, or a ping that failed).
export const OUTBOUND_DELIVERY_STATES = ['pending', 'succeeded', 'failed'] as const;
export type OutboundDeliveryState = (typeof OUTBOUND_DELIVERY_STATES)[number];
