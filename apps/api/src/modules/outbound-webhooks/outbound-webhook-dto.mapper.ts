import type { OutboundDeliveryDto } from './dto/outbound-delivery.dto';
import type { WebhookEndpointDto } from './dto/webhook-endpoint.dto';
import type { EndpointRow, OutboundDeliveryRow } from './outbound-webhooks.repository';
import type { WebhookEventFilter } from './outbound-webhook-values';

export function toWebhookEndpointDto(row: EndpointRow, currentSecret: string): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events as WebhookEventFilter[],
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    failingSince: row.failingSince,
    secretHint: `…${currentSecret.slice(-4)}`,
    previousSecretExpiresAt: row.previousSecretExpiresAt && row.previousSecretExpiresAt.getTime() > Date.now() ? row.previousSecretExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toOutboundDeliveryDto(row: OutboundDeliveryRow): OutboundDeliveryDto {
  return {
    id: row.id,
    endpointId: row.endpointId,
    messageId: `msg_${row.eventId.replaceAll('-', '')}`,
    event: row.event,
    state: row.state,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastDurationMs: row.lastDurationMs,
    lastResponseExcerpt: row.lastResponseExcerpt,
    lastError: row.lastError,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: row.nextAttemptAt,
    createdAt: row.createdAt,
  };
}
