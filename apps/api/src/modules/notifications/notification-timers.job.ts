import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobsService } from '../jobs/jobs.service';
import { NotificationsRepository } from './notifications.repository';

export const NOTIFICATION_TIMERS_JOB = 'notifications.timers';
const INTERVAL_MS = 60_000;

// Follow-up dates reached, SLA warnings and breaches: once a minute, one replica (the tick's job id) runs
// notification_timers_scan(), an owner function that looks across workspaces and writes each notification
// once per lead and target. `run(at)` takes the clock as an argument, which is how tests move time.
@Injectable()
export class NotificationTimersJob implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly jobs: JobsService,
    private readonly repository: NotificationsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    // A missed tick is made up by the next one (the scan looks a day back).
    await this.jobs.register(NOTIFICATION_TIMERS_JOB, () => this.run().then(() => undefined), { retryLimit: 1, retryDelay: 30, expireInSeconds: 5 * 60 });
  }

  @Interval(NOTIFICATION_TIMERS_JOB, INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(NOTIFICATION_TIMERS_JOB, INTERVAL_MS);
  }

  // Answers how many notifications it wrote.
  async run(at = new Date()): Promise<number> {
    const created = await this.repository.scanTimers(this.dataSource.manager, at);
    if (created > 0) this.logger.debug({ created }, 'timer notifications written');
    return created;
  }
}
