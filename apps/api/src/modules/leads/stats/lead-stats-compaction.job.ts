import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { JobsService } from '../../jobs/jobs.service';
import { LeadStatsRepository } from './lead-stats.repository';
import { LeadStatsService } from './lead-stats.service';

export const LEAD_STATS_COMPACTION_JOB = 'lead-stats.compact';
// Short, because every stats read and list total adds the deltas still pending: at a thousand ingested
// leads a second, five seconds leave some 25,000 rows for readers to sum, a minute twelve times that.
export const LEAD_STATS_COMPACTION_INTERVAL_MS = 5_000;

// Folds pending stats deltas into the rollups (daily and all-time) every few seconds for every tenant
// that has some, so no reader pays for a long tail of them. Bulk changes also compact at once.
@Injectable()
export class LeadStatsCompactionJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly repository: LeadStatsRepository,
    private readonly stats: LeadStatsService,
  ) {}

  async onModuleInit(): Promise<void> {
    // A missed tick is made up by the next one: no point retrying much.
    await this.jobs.register(LEAD_STATS_COMPACTION_JOB, () => this.run(), { retryLimit: 1, retryDelay: 30, expireInSeconds: 15 * 60 });
  }

  // Only enqueues; the tick's job id makes it run once however many replicas tick.
  @Interval(LEAD_STATS_COMPACTION_JOB, LEAD_STATS_COMPACTION_INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(LEAD_STATS_COMPACTION_JOB, LEAD_STATS_COMPACTION_INTERVAL_MS);
  }

  async run(): Promise<void> {
    // Cross-tenant only to learn which tenants have deltas; each compaction runs inside its own tenant.
    const tenants = await this.db.crossTenant((m) => this.repository.tenantsWithDeltas(m));
    for (const tenantId of tenants) await this.stats.compact(tenantId);
  }
}
