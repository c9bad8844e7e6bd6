import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { liveConfig, type LiveConfig } from '../../config/live.config';
import { JobsService } from '../jobs/jobs.service';
import { LiveEventsRepository } from './live-events.repository';

export const LIVE_EVENTS_PURGE_JOB = 'live-events.purge';
const INTERVAL_MS = 5 * 60_000;

// Events older than LIVE_RETENTION_MINUTES are deleted every five minutes; a client whose Last-Event-ID
// is older than what is left gets `resync`. purge_live_events() is an owner function that works across
// tenants, so it runs on a plain connection rather than in a tenant's transaction.
@Injectable()
export class LiveEventsPurgeJob implements OnModuleInit {
  private readonly logger = new Logger('LiveEvents');

  constructor(
    private readonly jobs: JobsService,
    private readonly repository: LiveEventsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(liveConfig.KEY) private readonly live: LiveConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // A missed tick is made up by the next one.
    await this.jobs.register(LIVE_EVENTS_PURGE_JOB, () => this.run().then(() => undefined), { retryLimit: 1, retryDelay: 60, expireInSeconds: 10 * 60 });
  }

  // Only enqueues; the tick's job id makes it run once however many replicas tick.
  @Interval(LIVE_EVENTS_PURGE_JOB, INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(LIVE_EVENTS_PURGE_JOB, INTERVAL_MS);
  }

  // Answers how many events were deleted.
  async run(cutoff = new Date(Date.now() - this.live.LIVE_RETENTION_MINUTES * 60_000)): Promise<number> {
    const purged = await this.repository.purge(this.dataSource.manager, cutoff);
    if (purged > 0) this.logger.debug({ purged }, 'purged old live events');
    return purged;
  }
}
