import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { JobsService } from '../jobs/jobs.service';
import type { WebhookReceivedDto } from './dto/webhook-received.dto';
import { InvalidWebhookPayloadException } from './invalid-webhook-payload.exception';
import type { SignatureResult } from './integration-values';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJobData } from './webhook-delivery-job-data';
import { WebhookConnectionLookup } from './webhook-connection-lookup.service';
import { WebhookDeliveriesRepository, type NewDelivery } from './webhook-deliveries.repository';
import { WebhookEndpointNotFoundException } from './webhook-endpoint-not-found.exception';
import { WebhookProviders } from './webhook-providers.service';
import { WebhookSignatureInvalidException } from './webhook-signature-invalid.exception';
import type { InboundWebhook } from './providers/webhook-provider';
import { Metrics } from '../../common/metrics/metrics.service';

// The headers a delivery keeps: what the admin needs to understand it, nothing that authenticates a session.
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-request-id', 'x-acuity-signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];
const HEADER_MAX = 1024;

export interface InboundClient {
  ip: string | null;
}

// POST /webhooks/{connectionId}: verify the raw bytes, then record the delivery and enqueue its processing
// in one transaction, and answer. Nothing here calls a provider: schedulers give up after a few seconds.
@Injectable()
export class WebhookIntakeService {
  constructor(
    private readonly lookup: WebhookConnectionLookup,
    private readonly providers: WebhookProviders,
    private readonly db: TenantDb,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobsService,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
    private readonly metrics: Metrics,
  ) {}

  async receive(connectionId: string, request: InboundWebhook, client: InboundClient, now = new Date()): Promise<WebhookReceivedDto> {
    const connection = await this.lookup.find(connectionId);
    if (!connection || connection.status === 'disabled') throw new WebhookEndpointNotFoundException();
    const provider = this.providers.get(connection.provider);
    const base = {
      tenantId: connection.tenantId,
      connectionId: connection.id,
      body: request.body,
      bodySha256: createHash('sha256').update(request.body).digest('hex'),
      headers: keptHeaders(request.headers),
      sourceIp: client.ip,
    };

    const signature = provider.verify(request, connection.credentials, now);
    if (signature !== 'valid') {
      await this.recordRejected({ ...base, signature, dedupeKey: null, action: null, state: 'rejected' }, now);
      this.metrics.webhookDelivery(connection.provider, 'rejected');
      throw new WebhookSignatureInvalidException(signature);
    }

    const inspection = provider.inspect(request);
    if ('error' in inspection) {
      // Authentic but unusable: kept, visible, and never processed.
      await this.db.run(connection.tenantId, (m) => this.deliveries.insert(m, { ...base, signature, dedupeKey: null, action: null, state: 'dead', lastError: inspection.error }));
      this.metrics.webhookDelivery(connection.provider, 'dead');
      throw new InvalidWebhookPayloadException(inspection.error);
    }

    const delivery: NewDelivery = { ...base, signature, dedupeKey: inspection.dedupeKey, action: inspection.action, state: 'received' };
    const outcome = await this.db.run(connection.tenantId, async (m): Promise<WebhookReceivedDto> => {
      const id = await this.deliveries.insertUnlessSeen(m, delivery);
      if (id) {
        const job: WebhookDeliveryJobData = { tenantId: connection.tenantId, deliveryId: id };
        await this.jobs.enqueue(m, WEBHOOK_DELIVERY_JOB, job);
        return { received: true, deliveryId: id, duplicate: false };
      }
      // Seen before (a sender's retry, or another replica's copy): kept for the record, processed never.
      return { received: true, deliveryId: await this.deliveries.insert(m, { ...delivery, state: 'duplicate' }), duplicate: true };
    });
    this.metrics.webhookDelivery(connection.provider, outcome.duplicate ? 'duplicate' : 'received');
    return outcome;
  }

  // Junk must not fill the disk: past WEBHOOK_REJECTED_PER_HOUR rows per connection, only a counter moves.
  private async recordRejected(delivery: NewDelivery & { signature: SignatureResult }, now: Date): Promise<void> {
    const limit = this.config.WEBHOOK_REJECTED_PER_HOUR;
    await this.db.run(delivery.tenantId, async (m) => {
      const recent = limit > 0 ? await this.deliveries.rejectedSince(m, delivery.connectionId, new Date(now.getTime() - 3_600_000)) : 0;
      if (limit > 0 && recent < limit) {
        await this.deliveries.insert(m, delivery);
        return;
      }
      await this.deliveries.countUnrecordedRejection(m, delivery.connectionId);
    });
  }
}

function keptHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value.slice(0, HEADER_MAX);
  }
  return kept;
}
