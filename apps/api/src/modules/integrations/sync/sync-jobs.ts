import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../common/db/sql';
import { TenantDb } from '../../../common/db/tenant-db.service';
import { JobsService } from '../../jobs/jobs.service';
import { PULL_PROVIDERS, type ProviderName } from '../integration-values';
import { PullProviders } from './pull-providers.service';
import { IntegrationConnection } from '../integration-connection.entity';
import { pushConfigOf } from './push-config';
import { PUSH_STREAM } from './push.repository';
import { SyncEngine, SYNC_LEASE_MS, type SyncJobData } from './sync-engine.service';
import type { SyncTrigger } from './sync-values';

export const SYNC_TICK_JOB = 'integrations.sync-tick';
export const SYNC_RUN_JOB = 'integrations.sync';
// How often due pull connections are looked for; schedules are whole minutes, so a run starts at most this late.
export const SYNC_TICK_MS = 30_000;
// Due connections taken per tick; the rest are due on the next.
const DUE_LIMIT = 500;

// The schedule of pull connections. The @Interval only enqueues the tick (once per interval however
// many replicas tick); the tick takes the due connections (an owner function, since it looks across
// workspaces, moving each one's next run forward) and enqueues one run job per connection and stream
// in a `stately` queue keyed by both: at most one waiting and one running, so a slow run is never
// started twice. The stream's lease guards the rest.
@Injectable()
export class SyncJobs implements OnModuleInit {
  private readonly logger = new Logger('Sync');

  constructor(
    private readonly jobs: JobsService,
    private readonly engine: SyncEngine,
    private readonly providers: PullProviders,
    private readonly db: TenantDb,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(SYNC_TICK_JOB, () => this.tickJob().then(() => undefined), { retryLimit: 0, expireInSeconds: 5 * 60 });
    // No pg-boss retry: a failed run is recorded, and the next tick is the retry.
    await this.jobs.register<SyncJobData>(SYNC_RUN_JOB, (data) => this.engine.run(data).then(() => undefined), {
      retryLimit: 0,
      concurrency: 2,
      expireInSeconds: SYNC_LEASE_MS / 1000,
      pollingIntervalSeconds: 0.5,
      policy: 'stately',
    });
  }

  @Interval(SYNC_TICK_JOB, SYNC_TICK_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(SYNC_TICK_JOB, SYNC_TICK_MS);
  }

  // Answers how many run jobs were queued.
  async tickJob(): Promise<number> {
    const due = await queryRows<{ id: string; tenant_id: string; provider: ProviderName }>(this.dataSource.manager, `SELECT id, tenant_id, provider FROM take_due_sync_connections($1, $2::text[])`, [DUE_LIMIT, [...PULL_PROVIDERS]]);
    let queued = 0;
    for (const c of due) queued += await this.enqueue(c.tenant_id, c.id, c.provider, 'schedule');
    if (queued > 0) this.logger.log({ connections: due.length, queued }, 'queued sync runs');
    return queued;
  }

  // One job per stream of the connection; a stream with one already waiting is left alone.
  async enqueue(tenantId: string, connectionId: string, provider: ProviderName, trigger: SyncTrigger): Promise<number> {
    let queued = 0;
    await this.db.run(tenantId, async (m) => {
      let streams = this.providers.streamsOf(provider);
      // The push stream only runs where the connection turned it on.
      if (this.providers.supportsPush(provider)) {
        const connection = await m.findOne(IntegrationConnection, { where: { id: connectionId }, select: { id: true, config: true } });
        if (!pushConfigOf(connection?.config).enabled) streams = streams.filter((s) => s !== PUSH_STREAM);
      }
      for (const stream of streams) {
        const data: SyncJobData = { tenantId, connectionId, stream, trigger };
        if (await this.jobs.enqueue(m, SYNC_RUN_JOB, data, { singletonKey: `${connectionId}:${stream}` })) queued++;
      }
    });
    return queued;
  }
}
