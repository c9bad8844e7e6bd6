import { randomUUID } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { appConfig, type AppConfig } from '../../config/app.config';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { AuditService } from '../audit/audit.service';
import { InvalidCursorException } from '../audit/invalid-cursor.exception';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import { decodeDeliveryCursor, encodeDeliveryCursor } from '../integrations/delivery-cursor';
import { newWebhookSecret } from '../integrations/providers/webhook/standard-webhook-signature';
import type { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import type { ListOutboundDeliveriesQueryDto } from './dto/list-outbound-deliveries-query.dto';
import type { OutboundDeliveryPageDto } from './dto/outbound-delivery-page.dto';
import type { OutboundDeliveryDto } from './dto/outbound-delivery.dto';
import type { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import type { WebhookEndpointWithSecretDto } from './dto/webhook-endpoint-with-secret.dto';
import type { WebhookEndpointDto } from './dto/webhook-endpoint.dto';
import { openSecrets, sealSecrets } from './endpoint-secrets';
import { urlProblem } from './network-guard';
import { LEASE_SECONDS, OutboundWebhookSender } from './outbound-webhook-sender.service';
import { toOutboundDeliveryDto, toWebhookEndpointDto } from './outbound-webhook-dto.mapper';
import { OutboundWebhooksRepository, type EndpointRow } from './outbound-webhooks.repository';
import { MAX_ATTEMPTS } from './retry-schedule';
import { WebhookEndpointDisabledException } from './webhook-endpoint-disabled.exception';
import { WebhookUrlRefusedException } from './webhook-url-refused.exception';

type Staff = AuthedContext<UserPrincipal>;

const DEFAULT_LIMIT = 50;
// After a rotation the previous secret keeps signing (a second signature) this long.
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

// Endpoints and their deliveries as admins manage them. Secrets are sealed by the credentials vault and
// shown once (create, rotate); audit entries name what changed, never a secret.
@Injectable()
export class OutboundWebhooksService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: OutboundWebhooksRepository,
    private readonly vault: CredentialsVaultService,
    private readonly audit: AuditService,
    private readonly sender: OutboundWebhookSender,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  list(ctx: Staff): Promise<WebhookEndpointDto[]> {
    return this.db.run(ctx.principal.tenantId, async (m) => (await this.repository.listEndpoints(m)).map((row) => this.toDto(row)));
  }

  get(ctx: Staff, id: string): Promise<WebhookEndpointDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => this.toDto(await this.endpoint(m, id)));
  }

  async create(ctx: Staff, dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    this.checkUrl(dto.url);
    const id = randomUUID();
    const secret = newWebhookSecret();
    const sealed = sealSecrets(this.vault, id, { current: secret });
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const row = await this.repository.insertEndpoint(m, {
        id,
        tenantId: ctx.principal.tenantId,
        url: dto.url,
        description: dto.description ?? '',
        events: dto.events,
        enabled: dto.enabled ?? true,
        secret: sealed.ciphertext,
        secretKeyId: sealed.keyId,
      });
      await this.audit.record(m, ctx, { action: 'webhook_endpoint.create', resourceType: 'webhook_endpoint', resourceId: id, metadata: { events: dto.events, enabled: row.enabled } });
      return { ...this.toDto(row), secret };
    });
  }

  async update(ctx: Staff, id: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointDto> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const before = await this.endpoint(m, id, true);
      const row = await this.repository.updateEndpoint(m, id, dto);
      if (before.enabled && !row.enabled) await this.repository.giveUpPending(m, id, 'the endpoint was disabled');
      const changed = (['url', 'description', 'events', 'enabled'] as const).filter((k) => dto[k] !== undefined && JSON.stringify(dto[k]) !== JSON.stringify(before[k]));
      await this.audit.record(m, ctx, { action: 'webhook_endpoint.update', resourceType: 'webhook_endpoint', resourceId: id, metadata: { fields: changed, enabled: row.enabled } });
      return this.toDto(row);
    });
  }

  async remove(ctx: Staff, id: string): Promise<void> {
    await this.db.run(ctx.principal.tenantId, async (m) => {
      await this.endpoint(m, id, true);
      await this.repository.deleteEndpoint(m, id);
      await this.audit.record(m, ctx, { action: 'webhook_endpoint.delete', resourceType: 'webhook_endpoint', resourceId: id });
    });
  }

  // A new secret, shown once; the previous one keeps signing beside it for 24 hours.
  async rotateSecret(ctx: Staff, id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const before = await this.endpoint(m, id, true);
      const current = this.secrets(before).current;
      const secret = newWebhookSecret();
      const expiresAt = new Date(Date.now() + ROTATION_OVERLAP_MS);
      const row = await this.repository.setSecret(m, id, sealSecrets(this.vault, id, { current: secret, previous: current }), expiresAt);
      await this.audit.record(m, ctx, { action: 'webhook_endpoint.rotate_secret', resourceType: 'webhook_endpoint', resourceId: id, metadata: { previousValidUntil: expiresAt.toISOString() } });
      return { ...this.toDto(row), secret };
    });
  }

  // Sends a `ping` now, signed like any delivery, and answers how it went (it is in the deliveries too).
  async test(ctx: Staff, id: string): Promise<OutboundDeliveryDto> {
    const taken = await this.db.run(ctx.principal.tenantId, async (m) => {
      const endpoint = await this.endpoint(m, id);
      const delivery = await this.repository.insertPing(m, endpoint, { endpoint: { id: endpoint.id }, message: 'A test delivery from Hot Leads' }, LEASE_SECONDS);
      await this.audit.record(m, ctx, { action: 'webhook_endpoint.test', resourceType: 'webhook_endpoint', resourceId: id });
      return delivery;
    });
    await this.sender.sendNow(taken);
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const row = await this.repository.deliveryById(m, taken.id);
      if (!row) throw new NotFoundException('No delivery with this id');
      return toOutboundDeliveryDto(row);
    });
  }

  async deliveries(ctx: Staff, id: string, query: ListOutboundDeliveriesQueryDto): Promise<OutboundDeliveryPageDto> {
    const cursor = query.cursor ? decodeDeliveryCursor(query.cursor) : null;
    if (query.cursor && !cursor) throw new InvalidCursorException();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.db.run(ctx.principal.tenantId, async (m) => {
      await this.endpoint(m, id);
      return this.repository.listDeliveries(m, id, { state: query.state, cursor, limit: limit + 1 });
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toOutboundDeliveryDto), nextCursor: rows.length > limit && last ? encodeDeliveryCursor({ micros: last.createdMicros, id: last.id }) : null };
  }

  // Due now; one more attempt for a delivery that was given up (or succeeded: a resend).
  async retry(ctx: Staff, deliveryId: string): Promise<OutboundDeliveryDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const row = await this.repository.findDelivery(m, deliveryId);
      if (!row) throw new NotFoundException('No webhook delivery with this id');
      if (!row.endpointEnabled && row.event !== 'ping') throw new WebhookEndpointDisabledException();
      const moved = await this.repository.retryDelivery(m, deliveryId, MAX_ATTEMPTS - 1);
      await this.audit.record(m, ctx, { action: 'webhook_delivery.retry', resourceType: 'webhook_delivery', resourceId: deliveryId, metadata: { endpointId: row.endpointId, previousState: row.state } });
      return toOutboundDeliveryDto(moved);
    });
  }

  private checkUrl(url: string): void {
    const problem = urlProblem(url, { allowPrivate: this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS, requireHttps: this.app.NODE_ENV === 'production' });
    if (problem) throw new WebhookUrlRefusedException(problem);
  }

  private async endpoint(m: EntityManager, id: string, lock = false): Promise<EndpointRow> {
    const row = await this.repository.findEndpoint(m, id, lock);
    if (!row) throw new NotFoundException('No webhook endpoint with this id');
    return row;
  }

  private secrets(row: EndpointRow) {
    return openSecrets(this.vault, row.id, { ciphertext: row.secret, keyId: row.secretKeyId });
  }

  private toDto(row: EndpointRow): WebhookEndpointDto {
    return toWebhookEndpointDto(row, this.secrets(row).current);
  }
}
