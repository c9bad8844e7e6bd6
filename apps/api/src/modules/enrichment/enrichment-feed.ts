import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { JobsService } from '../jobs/jobs.service';
import { EnrichmentLookupJob } from './enrichment-lookup.job';
import { EnrichmentProviders } from './enrichment-providers.service';
import { EnrichmentRepository } from './enrichment.repository';
import { EnrichmentSettingsService } from './enrichment-settings.service';

export const ENRICHMENT_FEED_JOB = 'enrichment.feed';
export const ENRICHMENT_FEED_MS = 5_000;
// Leads taken per workspace per tick; a bigger backlog continues on the next tick.
const FEED_LIMIT = 500;
// A change committed late (its updated_at is its transaction's start) is still seen: each pass looks this
// far behind its mark. What was already queued is excluded by the query, so the overlap costs nothing.
const OVERLAP_MS = 60_000;

// Automatic enrichment, off the intake path: intake (every path: API, forms, webhooks, imports, edits)
// writes the lead as it always did and nothing more, so enrichment can never slow or block it. Every few
// seconds this looks, in each workspace with automatic enrichment, for leads changed since its mark whose
// current email or phone has never been looked up, and queues their lookups (rows and jobs in one
// transaction, so a queued lookup always has its job). The lead's own committed row is the durable
// record; a crashed tick is redone by the next one.
@Injectable()
export class EnrichmentFeed implements OnModuleInit {
  private readonly logger = new Logger('Enrichment');

  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly repository: EnrichmentRepository,
    private readonly settings: EnrichmentSettingsService,
    private readonly providers: EnrichmentProviders,
    private readonly lookups: EnrichmentLookupJob,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(ENRICHMENT_FEED_JOB, () => this.tick().then(() => undefined), { retryLimit: 0, expireInSeconds: 5 * 60, pollingIntervalSeconds: 1 });
  }

  @Interval(ENRICHMENT_FEED_JOB, ENRICHMENT_FEED_MS)
  schedule(): Promise<void> {
    return this.jobs.enqueueTick(ENRICHMENT_FEED_JOB, ENRICHMENT_FEED_MS);
  }

  // Answers how many lookups were queued.
  async tick(): Promise<number> {
    const tenants = await this.repository.autoTenants(this.dataSource.manager, this.providers.names());
    let queued = 0;
    for (const tenantId of tenants) {
      try {
        queued += await this.feedTenant(tenantId);
      } catch (error) {
        this.logger.warn({ err: error, tenantId }, 'enrichment feed failed for a workspace');
      }
    }
    return queued;
  }

  async feedTenant(tenantId: string): Promise<number> {
    return this.db.run(tenantId, async (m) => {
      // A workspace that never saved settings starts from its first enrichment connection.
      await this.repository.ensureSettings(m, tenantId, this.providers.names());
      const settings = await this.settings.effective(m, tenantId);
      if (settings.mode !== 'auto') return 0;
      const providers = this.providers.all.filter((p) => settings.providers[p.name].enabled).map((p) => ({ provider: p.name, kind: p.kind }));
      const started = new Date();
      const from = new Date(settings.feedFrom.getTime() - OVERLAP_MS);
      const candidates = await this.repository.changedSince(m, tenantId, from, providers, FEED_LIMIT);
      const ids = await this.repository.queue(m, tenantId, candidates, { trigger: 'auto', force: false });
      await this.lookups.enqueue(m, tenantId, ids);
      // A full page leaves the rest for the next tick: the mark only moves to what was read.
      const mark = candidates.length >= FEED_LIMIT ? candidates[candidates.length - 1].updatedAt : started;
      await this.repository.moveFeedMark(m, tenantId, mark);
      return ids.length;
    });
  }
}
