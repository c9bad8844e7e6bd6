import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobsService } from '../jobs/jobs.service';
import { RETENTION_JOB, RETENTION_TICK_MS, RetentionService } from './retention.service';

// The daily retention run: an hourly tick enqueues one singleton job, which runs the workspaces whose
// last run is a day old (RetentionService.runDue).
@Injectable()
export class RetentionJob implements OnModuleInit {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly jobs: JobsService,
    private readonly retention: RetentionService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(RETENTION_JOB, () => this.run().then(() => undefined), { retryLimit: 2, retryDelay: 300, expireInSeconds: 60 * 60 });
  }

  // Only enqueues; the tick's job id makes it run once however many replicas tick.
  @Interval(RETENTION_JOB, RETENTION_TICK_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(RETENTION_JOB, RETENTION_TICK_MS);
  }

  async run(now = new Date()): Promise<void> {
    const done = await this.retention.runDue(now);
    if (Object.keys(done).length > 0) this.logger.log({ workspaces: done }, 'retention applied');
  }
}
