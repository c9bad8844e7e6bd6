import type { ConnectionDto } from './dto/connection.dto';
import type { DeliveryDetailDto } from './dto/delivery-detail.dto';
import type { DeliveryDto } from './dto/delivery.dto';
import type { IntegrationConnection } from './integration-connection.entity';
import { isPullProvider } from './integration-values';
import type { DeliveryDetailRow, DeliveryRow } from './webhook-deliveries.repository';

export function webhookUrlOf(publicBaseUrl: string, connectionId: string): string {
  return `${publicBaseUrl}/api/v1/webhooks/${connectionId}`;
}

export function toConnectionDto(c: IntegrationConnection, publicBaseUrl: string): ConnectionDto {
  return {
    id: c.id,
    provider: c.provider,
    name: c.name,
    config: c.config,
    credentials: c.credentialHints,
    status: c.status,
    lastError: c.lastError,
    lastErrorAt: c.lastErrorAt,
    webhookUrl: webhookUrlOf(publicBaseUrl, c.id),
    rejectedUnrecorded: Number(c.rejectedUnrecorded ?? 0),
    ...(isPullProvider(c.provider) ? { sync: { intervalMinutes: c.syncIntervalMinutes, paused: c.syncPaused, nextSyncAt: c.nextSyncAt } } : {}),
    createdBy: c.createdBy,
    updatedBy: c.updatedBy,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function toDeliveryDto(r: DeliveryRow): DeliveryDto {
  return {
    id: r.id,
    connectionId: r.connectionId,
    receivedAt: r.receivedAt,
    signature: r.signature,
    action: r.action,
    state: r.state,
    attempts: r.attempts,
    lastError: r.lastError,
    leadId: r.leadId,
    processedAt: r.processedAt,
    bodySize: r.bodySize,
    bodyPurgedAt: r.bodyPurgedAt,
  };
}

export function toDeliveryDetailDto(r: DeliveryDetailRow): DeliveryDetailDto {
  return {
    ...toDeliveryDto(r),
    headers: r.headers,
    body: r.body ? r.body.toString('utf8') : null,
    bodyBase64: r.body ? r.body.toString('base64') : null,
    sourceIp: r.sourceIp,
    dedupeKey: r.dedupeKey,
    result: r.result,
  };
}
