import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { runRead } from '../../common/db/batch-read';
import { TenantDb } from '../../common/db/tenant-db.service';
import { Metrics, type QueueSnapshot } from '../../common/metrics/metrics.service';
import { LeadStatsRepository } from '../leads/stats/lead-stats.repository';
import { SystemStatsRepository } from './system-stats.repository';

export const SNAPSHOT_INTERVAL_MS = 30_000;

export interface SystemSnapshot {
  takenAt: Date;
  queues: QueueSnapshot[];
  workersLastSeenSeconds: number | null;
  slaBreachesOpen: number;
  connectionsNeedingAttention: number;
  // When the longest-standing of them started needing attention.
  needsAttentionSince: Date | null;
  databaseSizeBytes: number;
}

// The database-derived numbers, read every SNAPSHOT_INTERVAL_MS in the background and kept: a scrape or
// a health report reads this copy, so neither costs a query per tenant, and a slow database slows neither.
@Injectable()
export class SystemSnapshotService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SystemSnapshot');
  private latest?: SystemSnapshot;
  private timer?: NodeJS.Timeout;
  private running?: Promise<SystemSnapshot | undefined>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly db: TenantDb,
    private readonly repository: SystemStatsRepository,
    private readonly leadStats: LeadStatsRepository,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.setGaugeSource('slaBreachesOpen', () => this.latest?.slaBreachesOpen ?? null);
    this.metrics.setGaugeSource('connectionsNeedingAttention', () => this.latest?.connectionsNeedingAttention ?? null);
    this.metrics.setGaugeSource('workersAlive', () => (this.latest ? Number(workersAlive(this.latest.workersLastSeenSeconds)) : null));
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), SNAPSHOT_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  // The last snapshot, or a fresh one when there is none yet (the first seconds after start).
  async current(): Promise<SystemSnapshot | undefined> {
    return this.latest ?? (await this.refresh());
  }

  // One refresh at a time; callers arriving meanwhile share it.
  refresh(): Promise<SystemSnapshot | undefined> {
    this.running ??= this.take()
      .then((snapshot) => {
        this.latest = snapshot;
        this.metrics.setQueues(snapshot.queues);
        return snapshot;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not refresh the system snapshot');
        return this.latest;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async take(): Promise<SystemSnapshot> {
    const m = this.dataSource.manager;
    const [queues, workersLastSeenSeconds, databaseSizeBytes] = await Promise.all([this.repository.queues(m), this.repository.workersLastSeenSeconds(m), this.repository.databaseSizeBytes(m)]);
    // Cross-tenant only to list the workspaces; each count runs inside its own tenant.
    const tenants = await this.db.crossTenant((tm) => this.repository.tenantIds(tm));
    let slaBreachesOpen = 0;
    let connectionsNeedingAttention = 0;
    let needsAttentionSince: Date | null = null;
    for (const tenantId of tenants) {
      await this.db.run(tenantId, async (tm) => {
        slaBreachesOpen += await runRead(tm, this.leadStats.openSlaBreaches(tenantId));
        const attention = await this.repository.connectionsNeedingAttention(tm, tenantId);
        connectionsNeedingAttention += attention.count;
        if (attention.since && (!needsAttentionSince || attention.since < needsAttentionSince)) needsAttentionSince = attention.since;
      });
    }
    return { takenAt: new Date(), queues, workersLastSeenSeconds, slaBreachesOpen, connectionsNeedingAttention, needsAttentionSince, databaseSizeBytes };
  }
}

// pg-boss maintains every 2 minutes by default; three missed runs means no worker is there.
export const WORKERS_STALE_SECONDS = 6 * 60;

export function workersAlive(lastSeenSeconds: number | null): boolean {
  return lastSeenSeconds !== null && lastSeenSeconds < WORKERS_STALE_SECONDS;
}
