import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { AuditService } from '../audit/audit.service';
import { InvalidCursorException } from '../audit/invalid-cursor.exception';
import { JobsService } from '../jobs/jobs.service';
import { toDeliveryDetailDto, toDeliveryDto } from './connection-dto.mapper';
import { decodeDeliveryCursor, encodeDeliveryCursor } from './delivery-cursor';
import { DeliveryNotReplayableException } from './delivery-not-replayable.exception';
import type { DeliveryDetailDto } from './dto/delivery-detail.dto';
import type { DeliveryPageDto } from './dto/delivery-page.dto';
import type { ListDeliveriesQueryDto } from './dto/list-deliveries-query.dto';
import type { ReplayedDeliveryDto } from './dto/replayed-delivery.dto';
import { IntegrationConnection } from './integration-connection.entity';
import { WEBHOOK_DELIVERY_JOB, type WebhookDeliveryJobData } from './webhook-delivery-job-data';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

type Staff = AuthedContext<UserPrincipal>;

const DEFAULT_LIMIT = 50;

// The ledger as admins see it: a connection's deliveries, one delivery in full, and replay.
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly db: TenantDb,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: Staff, connectionId: string, query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    const cursor = query.cursor ? decodeDeliveryCursor(query.cursor) : null;
    if (query.cursor && !cursor) throw new InvalidCursorException();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.db.run(ctx.principal.tenantId, async (m) => {
      await this.connection(m, connectionId);
      return this.deliveries.list(m, connectionId, { state: query.state, cursor, limit: limit + 1 });
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toDeliveryDto), nextCursor: rows.length > limit && last ? encodeDeliveryCursor({ micros: last.receivedMicros, id: last.id }) : null };
  }

  async get(ctx: Staff, connectionId: string, deliveryId: string): Promise<DeliveryDetailDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      await this.connection(m, connectionId);
      const row = await this.deliveries.find(m, connectionId, deliveryId);
      if (!row) throw new NotFoundException('No delivery with this id');
      return toDeliveryDetailDto(row);
    });
  }

  // Runs the processing again. The lead upsert is idempotent, so a replay updates the lead it made before
  // (or merges by email/phone) and never makes a twin.
  async replay(ctx: Staff, connectionId: string, deliveryId: string): Promise<ReplayedDeliveryDto> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await this.connection(m, connectionId);
      const row = await this.deliveries.find(m, connectionId, deliveryId, true);
      if (!row) throw new NotFoundException('No delivery with this id');
      if (row.state === 'rejected') throw new DeliveryNotReplayableException('its signature was refused, so it is not known to be authentic');
      if (row.state === 'duplicate') throw new DeliveryNotReplayableException('it repeats an earlier delivery; replay that one');
      if (!row.body) throw new DeliveryNotReplayableException('its body was purged');
      if (row.dedupeKey === null) throw new DeliveryNotReplayableException('its body could not be used');
      await this.deliveries.requeue(m, deliveryId);
      const job: WebhookDeliveryJobData = { tenantId: connection.tenantId, deliveryId };
      await this.jobs.enqueue(m, WEBHOOK_DELIVERY_JOB, job);
      await this.audit.record(m, ctx, { action: 'webhook_delivery.replay', resourceType: 'webhook_delivery', resourceId: deliveryId, metadata: { connectionId, previousState: row.state } });
      return { deliveryId, queued: true };
    });
  }

  private async connection(m: EntityManager, id: string): Promise<IntegrationConnection> {
    const connection = await m.findOne(IntegrationConnection, { where: { id }, select: { id: true, tenantId: true } });
    if (!connection) throw new NotFoundException('No integration connection with this id');
    return connection;
  }
}
