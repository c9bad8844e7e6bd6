import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { JobsService } from '../jobs/jobs.service';
import type { WebhookHandshakeDto } from './dto/webhook-handshake.dto';
import type { WebhookReceivedDto } from './dto/webhook-received.dto';
import { InvalidWebhookPayloadException } from './invalid-webhook-payload.exception';
import type { SignatureResult } from './integration-values';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJobData } from './webhook-delivery-job-data';
import { WebhookAckBatcher } from './webhook-ack-batcher.service';
import { WebhookConnectionLookup, type CachedWebhookConnection, type WebhookConnection } from './webhook-connection-lookup.service';
import { WebhookDeliveriesRepository, type NewDelivery } from './webhook-deliveries.repository';
import { WebhookEndpointNotFoundException } from './webhook-endpoint-not-found.exception';
import { WebhookProviders } from './webhook-providers.service';
import { WebhookSignatureInvalidException } from './webhook-signature-invalid.exception';
import type { InboundWebhook, Inspection, WebhookProvider } from './providers/webhook-provider';
import { Metrics } from '../../common/metrics/metrics.service';

// The headers a delivery keeps: what the admin needs to understand it, nothing that authenticates a session.
const KEPT_HEADERS = ['content-type', 'content-length', 'user-agent', 'x-request-id', 'x-acuity-signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-zm-signature', 'x-zm-request-timestamp'];
const HEADER_MAX = 1024;

export interface InboundClient {
  ip: string | null;
}

// What the transaction ends with: the answer, or the refusal to throw once the record of it is committed.
type Outcome = WebhookReceivedDto | { handshake: WebhookHandshakeDto } | { refusal: WebhookSignatureInvalidException | InvalidWebhookPayloadException };

// POST /webhooks/{connectionId}: verify the raw bytes, then record the delivery and enqueue its processing
// in one transaction, and answer. Nothing here calls a provider: schedulers give up after a few seconds.
@Injectable()
export class WebhookIntakeService {
  constructor(
    private readonly lookup: WebhookConnectionLookup,
    private readonly providers: WebhookProviders,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobsService,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
    private readonly metrics: Metrics,
    private readonly acks: WebhookAckBatcher,
  ) {}

  // Requests receiveIfKnown has seen: their second try would only repeat the signature check (and a
  // duplicate's statement).
  private readonly knownTried = new WeakSet<InboundWebhook>();

  // A connection this replica read before takes receiveKnown (one round trip). Otherwise, and whenever
  // that path declines: one transaction from the look-up to the answer: the look-up opens it in the
  // connection's workspace (one round trip), then the delivery and its job (or the rejected or dead
  // record) go in and it commits. A refusal is thrown after the commit, so its record stays.
  async receive(connectionId: string, request: InboundWebhook, client: InboundClient, now = new Date()): Promise<WebhookReceivedDto | WebhookHandshakeDto> {
    if (!this.knownTried.has(request)) {
      const received = await this.receiveIfKnown(connectionId, request, client, now);
      if (received) return received;
    }
    let provider = '';
    const outcome = await this.lookup.inWorkspaceOf(connectionId, (connection, m): Promise<Outcome> => {
      if (!connection || connection.status === 'disabled') throw new WebhookEndpointNotFoundException();
      provider = connection.provider;
      return this.record(m, connection, request, client, now);
    });
    // Counted once committed: a bad signature is kept as rejected, an authentic but unusable body as dead.
    if ('refusal' in outcome) {
      this.metrics.webhookDelivery(provider, outcome.refusal instanceof WebhookSignatureInvalidException ? 'rejected' : 'dead');
      throw outcome.refusal;
    }
    if ('handshake' in outcome) return outcome.handshake;
    this.metrics.webhookDelivery(provider, outcome.duplicate ? 'duplicate' : 'received');
    return outcome;
  }

  // The one-round-trip path alone (receiveKnown), for the webhook route's fast path below Nest
  // (webhook-http.service.ts): the answer, or null when the connection is not cached here or the path
  // declined; then receive() takes the full path and does not try this one again for the same request.
  async receiveIfKnown(connectionId: string, request: InboundWebhook, client: InboundClient, now = new Date()): Promise<WebhookReceivedDto | null> {
    this.knownTried.add(request);
    const cached = this.lookup.cached(connectionId);
    return cached ? this.receiveKnown(cached, request, client, now) : null;
  }

  // The common case in one round trip, for a connection read here before: a valid signature under the
  // credentials as last read, a usable body, a dedupe key not seen yet. The delivery and its job go in by
  // one statement that also checks the connection is still enabled with those very credentials. Anything
  // else (a refusal, a handshake, a duplicate, a connection changed meanwhile) answers null and takes the
  // full path, which reads the connection afresh; nothing was written then.
  private async receiveKnown(connection: CachedWebhookConnection, request: InboundWebhook, client: InboundClient, now: Date): Promise<WebhookReceivedDto | null> {
    const provider = this.providers.get(connection.provider);
    if (provider.verify(request, connection.credentials, now) !== 'valid') return null;
    if (provider.handshake?.(request, connection.credentials)) return null;
    const inspection = inspectDelivery(provider, request);
    if ('error' in inspection) return null;
    const delivery: NewDelivery = {
      ...this.baseOf(connection, request, client),
      signature: 'valid',
      dedupeKey: inspection.dedupeKey,
      action: inspection.action,
      state: 'received',
    };
    const statement = this.deliveries.insertWithJobIfCurrentSql(delivery, connection.fingerprint, (from, data) => this.jobs.insertJobsSql(WEBHOOK_DELIVERY_JOB, from, data));
    // Sent with the workspace's other acknowledgements under way, in one transaction: still committed before the 200.
    const stored = await this.acks.store(connection.tenantId, statement);
    if (!stored.current) this.lookup.forget(connection.id);
    if (!stored.deliveryId) return null;
    this.metrics.webhookDelivery(connection.provider, 'received');
    return { received: true, deliveryId: stored.deliveryId, duplicate: false };
  }

  private baseOf(connection: { id: string; tenantId: string }, request: InboundWebhook, client: InboundClient) {
    return {
      tenantId: connection.tenantId,
      connectionId: connection.id,
      body: request.body,
      bodySha256: createHash('sha256').update(request.body).digest('hex'),
      headers: keptHeaders(request.headers),
      sourceIp: client.ip,
    };
  }

  private async record(m: EntityManager, connection: WebhookConnection, request: InboundWebhook, client: InboundClient, now: Date): Promise<Outcome> {
    const provider = this.providers.get(connection.provider);
    const base = this.baseOf(connection, request, client);

    const signature = provider.verify(request, connection.credentials, now);
    if (signature !== 'valid') {
      await this.recordRejected(m, { ...base, signature, dedupeKey: null, action: null, state: 'rejected' }, now);
      return { refusal: new WebhookSignatureInvalidException(signature) };
    }

    // Answered at once and stored nowhere: a signed endpoint check carries no lead.
    const handshake = provider.handshake?.(request, connection.credentials);
    if (handshake) return { handshake };
    const inspection = inspectDelivery(provider, request);
    if ('error' in inspection) {
      // Authentic but unusable: kept, visible, and never processed.
      await this.deliveries.insert(m, { ...base, signature, dedupeKey: null, action: null, state: 'dead', lastError: inspection.error });
      return { refusal: new InvalidWebhookPayloadException(inspection.error) };
    }

    const delivery: NewDelivery = { ...base, signature, dedupeKey: inspection.dedupeKey, action: inspection.action, state: 'received' };
    const id = await this.deliveries.insertUnlessSeen(m, delivery);
    if (id) {
      const job: WebhookDeliveryJobData = { tenantId: connection.tenantId, deliveryId: id };
      await this.jobs.enqueue(m, WEBHOOK_DELIVERY_JOB, job);
      return { received: true, deliveryId: id, duplicate: false };
    }
    // Seen before (a sender's retry, or another replica's copy): kept for the record, processed never.
    return { received: true, deliveryId: await this.deliveries.insert(m, { ...delivery, state: 'duplicate' }), duplicate: true };
  }

  // Junk must not fill the disk: past WEBHOOK_REJECTED_PER_HOUR rows per connection, only a counter moves.
  private async recordRejected(m: EntityManager, delivery: NewDelivery & { signature: SignatureResult }, now: Date): Promise<void> {
    const limit = this.config.WEBHOOK_REJECTED_PER_HOUR;
    const recent = limit > 0 ? await this.deliveries.rejectedSince(m, delivery.connectionId, new Date(now.getTime() - 3_600_000)) : 0;
    if (limit > 0 && recent < limit) {
      await this.deliveries.insert(m, delivery);
      return;
    }
    await this.deliveries.countUnrecordedRejection(m, delivery.connectionId);
  }
}

// What a delivery is keyed and labelled by goes into text columns, which cannot hold a NUL: an authentic
// body whose event or id carries one is unusable (kept as dead, answered 400), never a failed INSERT.
function inspectDelivery(provider: WebhookProvider, request: InboundWebhook): Inspection {
  const inspection = provider.inspect(request);
  if ('error' in inspection) return inspection;
  if (inspection.dedupeKey.includes('\u0000') || inspection.action?.includes('\u0000')) return { error: 'the event or id of the delivery holds a NUL character' };
  return inspection;
}

function keptHeaders(headers: Record<string, string | undefined>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value.slice(0, HEADER_MAX);
  }
  return kept;
}
