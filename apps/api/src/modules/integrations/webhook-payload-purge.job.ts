import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { JobsService } from '../jobs/jobs.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

export const WEBHOOK_PAYLOAD_PURGE_JOB = 'integrations.webhook-payload-purge';
const INTERVAL_MS = 60 * 60_000;

// Webhook bodies hold personal data: after WEBHOOK_PAYLOAD_RETENTION_DAYS the body goes and the row (state,
// hashes, result, lead link) stays. purge_webhook_payloads() is an owner function working across tenants.
@Injectable()
export class WebhookPayloadPurgeJob implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly jobs: JobsService,
    private readonly deliveries: WebhookDeliveriesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register(WEBHOOK_PAYLOAD_PURGE_JOB, () => this.run().then(() => undefined), { retryLimit: 1, retryDelay: 300, expireInSeconds: 30 * 60 });
  }

  // Only enqueues; the tick's job id makes it run once however many replicas tick.
  @Interval(WEBHOOK_PAYLOAD_PURGE_JOB, INTERVAL_MS)
  tick(): Promise<void> {
    return this.jobs.enqueueTick(WEBHOOK_PAYLOAD_PURGE_JOB, INTERVAL_MS);
  }

  // Answers how many bodies were deleted.
  async run(cutoff = new Date(Date.now() - this.config.WEBHOOK_PAYLOAD_RETENTION_DAYS * 86_400_000)): Promise<number> {
    const purged = await this.deliveries.purgeBodies(this.dataSource.manager, cutoff);
    if (purged > 0) this.logger.log({ purged }, 'purged old webhook bodies');
    return purged;
  }
}
