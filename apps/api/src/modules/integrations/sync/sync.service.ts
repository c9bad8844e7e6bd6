import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UserPrincipal } from '../../../common/auth/principal';
import type { AuthedContext } from '../../../common/auth/request-context';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { AuditService } from '../../audit/audit.service';
import { InvalidCursorException } from '../../audit/invalid-cursor.exception';
import { decodeDeliveryCursor, encodeDeliveryCursor } from '../delivery-cursor';
import { IntegrationConnection } from '../integration-connection.entity';
import type { ListRunsQueryDto } from './dto/list-runs-query.dto';
import type { SyncQueuedDto } from './dto/sync-queued.dto';
import type { SyncRunFailureDto, SyncRunPageDto } from './dto/sync-run.dto';
import { PullProviders } from './pull-providers.service';
import { SyncJobs } from './sync-jobs';
import { SyncNotSupportedException } from './sync-not-supported.exception';
import { ConnectionNeedsAttentionException } from './connection-needs-attention.exception';
import { SyncRepository, type RunRow } from './sync.repository';

type Staff = AuthedContext<UserPrincipal>;

const DEFAULT_LIMIT = 50;
const FAILURES_LIMIT = 500;

const toRunDto = ({ startedMicros: _micros, ...run }: RunRow) => run;

// What staff do with a pull connection: run it now (or from the beginning), pause and resume its
// schedule, and read its runs with their failed records.
@Injectable()
export class SyncService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: SyncRepository,
    private readonly providers: PullProviders,
    private readonly jobs: SyncJobs,
    private readonly audit: AuditService,
  ) {}

  async syncNow(ctx: Staff, id: string, full: boolean): Promise<SyncQueuedDto> {
    const connection = await this.db.run(ctx.principal.tenantId, async (m) => {
      const c = await this.pullConnection(m, id);
      // Paused connections still run when a person asks; refused credentials wait for a reconnect.
      if (c.status === 'needs_attention') throw new ConnectionNeedsAttentionException(c.lastError);
      await this.audit.record(m, ctx, { action: full ? 'integration.full_resync' : 'integration.sync', resourceType: 'integration_connection', resourceId: id });
      return c;
    });
    const queued = await this.jobs.enqueue(connection.tenantId, id, connection.provider, full ? 'full_resync' : 'manual');
    return { queued };
  }

  // Paused: the schedule skips it; `Sync now` still runs it.
  async setPaused(ctx: Staff, id: string, paused: boolean): Promise<IntegrationConnection> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      const connection = await this.pullConnection(m, id, true);
      if (connection.syncPaused === paused) return connection;
      connection.syncPaused = paused;
      // Resumed: due at once rather than after a whole interval.
      if (!paused) connection.nextSyncAt = null;
      connection.updatedBy = ctx.principal.userId;
      const saved = await m.save(connection);
      await this.audit.record(m, ctx, { action: paused ? 'integration.pause' : 'integration.resume', resourceType: 'integration_connection', resourceId: id });
      return saved;
    });
  }

  async runs(ctx: Staff, id: string, query: ListRunsQueryDto): Promise<SyncRunPageDto> {
    const cursor = query.cursor ? decodeDeliveryCursor(query.cursor) : null;
    if (query.cursor && !cursor) throw new InvalidCursorException();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.db.run(ctx.principal.tenantId, async (m) => {
      await this.pullConnection(m, id);
      return this.repo.listRuns(m, id, cursor, limit + 1);
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toRunDto), nextCursor: rows.length > limit && last ? encodeDeliveryCursor({ micros: last.startedMicros, id: last.id }) : null };
  }

  async failures(ctx: Staff, id: string, runId: string): Promise<SyncRunFailureDto[]> {
    return this.db.run(ctx.principal.tenantId, async (m) => {
      await this.pullConnection(m, id);
      if (!(await this.repo.findRun(m, id, runId))) throw new NotFoundException('No sync run with this id');
      return this.repo.runFailures(m, runId, FAILURES_LIMIT);
    });
  }

  private async pullConnection(m: EntityManager, id: string, lock = false): Promise<IntegrationConnection> {
    const connection = await m.findOne(IntegrationConnection, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!connection) throw new NotFoundException('No integration connection with this id');
    if (!this.providers.has(connection.provider)) throw new SyncNotSupportedException(connection.provider);
    return connection;
  }
}
