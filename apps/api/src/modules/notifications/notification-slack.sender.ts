import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { OutboxDrainer } from '../../common/outbox/outbox-drainer';
import { appConfig, type AppConfig } from '../../config/app.config';
import { workspaceBaseUrlOf } from '../../common/http/public-url';
import { integrationsConfig, type IntegrationsConfig } from '../../config/integrations.config';
import { JobsService } from '../jobs/jobs.service';
import { WebhookHttp } from '../outbound-webhooks/webhook-http';
import { factsOf } from './notification-dto.mapper';
import { NotificationSlackRepository, type DueSlackDelivery } from './notification-slack.repository';
import { NotificationSlackService } from './notification-slack.service';
import { NotificationsRepository } from './notifications.repository';
import { slackMessage } from './slack-message';
import { slackUrlProblem } from './slack-url';

const POLL_MS = 1000;
const BATCH = 50;
const LEASE_SECONDS = 120;
const TIMEOUT_MS = 10_000;
// After this many failed attempts (backing off from 30 s to an hour) a post is given up as failed. Slack's
// rate limit (429) does not use up an attempt.
const MAX_ATTEMPTS = 8;
const HOUR_MS = 60 * 60_000;
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

// Seconds (or an HTTP date) from Retry-After, capped at an hour.
export function retryAfterDelayMs(header: string | undefined, now = Date.now()): number {
  if (header === undefined) return DEFAULT_RATE_LIMIT_WAIT_MS;
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now;
  return Number.isFinite(seconds) ? Math.min(HOUR_MS, Math.max(0, seconds)) : DEFAULT_RATE_LIMIT_WAIT_MS;
}

// Posts notifications to Slack from the outbox (notification_slack_deliveries). Every process with workers
// polls once a second; take_due_notification_slack_deliveries() leases rows so replicas never post the same
// one. A row is marked sent right after Slack accepted it: a crash in between posts it again (at least once).
// 404 or 410 means the webhook is gone: the channel is turned off and the admins are told.
@Injectable()
export class NotificationSlackSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly http: WebhookHttp;
  private readonly outbox = new OutboxDrainer<DueSlackDelivery>({
    take: (max) => this.repository.takeDue(this.dataSource.manager, max, LEASE_SECONDS),
    deliver: (row) => this.deliver(row),
    batch: BATCH,
    intervalMs: POLL_MS,
    logger: this.logger,
    failure: 'could not post notifications to Slack; retrying',
  });

  constructor(
    private readonly db: TenantDb,
    private readonly repository: NotificationSlackRepository,
    private readonly notifications: NotificationsRepository,
    private readonly channels: NotificationSlackService,
    private readonly jobs: JobsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(integrationsConfig.KEY) private readonly config: IntegrationsConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {
    this.http = new WebhookHttp({ allowPrivate: config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS, requireHttps: !config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS, timeoutMs: TIMEOUT_MS, maxSockets: 8 });
  }

  onApplicationBootstrap(): void {
    if (this.jobs.workersEnabled) this.outbox.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
    this.http.close();
  }

  private async deliver(d: DueSlackDelivery): Promise<void> {
    const tenantId = d.tenant_id;
    const found = await this.db.run(tenantId, async (m) => {
      if ((await this.repository.lockDelivery(m, tenantId, d)) !== 'pending') return null;
      const channel = await this.repository.one(m, tenantId, d.slack_channel_id);
      const [notification] = await this.notifications.one(m, tenantId, d.notification_id);
      if (!channel || !channel.enabled || !notification) {
        await this.repository.finish(m, tenantId, d, 'skipped', 'the channel is off or the notification is gone');
        return null;
      }
      let url: string;
      try {
        url = this.channels.openUrl(channel);
      } catch {
        await this.repository.finish(m, tenantId, d, 'failed', 'the stored URL cannot be opened with the configured keys');
        return null;
      }
      const problem = slackUrlProblem(url, this.config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS);
      if (problem) {
        await this.repository.finish(m, tenantId, d, 'failed', `refused: the URL ${problem}`);
        await this.repository.recordOutcome(m, tenantId, channel.id, `refused: the URL ${problem}`);
        return null;
      }
      const lead =
        notification.lead_id === null
          ? null
          : { id: notification.lead_id, name: notification.lead_name, company: notification.lead_company, source: notification.lead_source, priority: notification.lead_priority, score: notification.lead_score };
      return { channel, url, body: JSON.stringify(slackMessage(factsOf(notification), lead, await workspaceBaseUrlOf(m, this.app, tenantId))) };
    });
    if (!found) return;

    const attempt = await this.http.post(found.url, { 'content-type': 'application/json', 'user-agent': 'HotLeads-Notifications' }, found.body);
    const status = attempt.statusCode;
    await this.db.run(tenantId, async (m) => {
      if (status !== null && status >= 200 && status < 300) {
        await this.repository.finish(m, tenantId, d, 'sent', null);
        return this.repository.recordOutcome(m, tenantId, found.channel.id, null);
      }
      // Slack's answers are short plain text ("no_service", "invalid_payload"); never the URL.
      const error = status === null ? (attempt.error ?? 'no answer') : `Slack answered ${status}${attempt.excerpt ? `: ${attempt.excerpt.slice(0, 200)}` : ''}`;
      await this.repository.recordOutcome(m, tenantId, found.channel.id, error);
      if (status === 429) {
        return this.repository.postpone(m, tenantId, d, new Date(Date.now() + retryAfterDelayMs(attempt.retryAfter)), error, false);
      }
      if (status === 404 || status === 410) {
        await this.repository.finish(m, tenantId, d, 'failed', error);
        const reason = `Slack answered ${status}: the incoming webhook no longer exists`;
        if (await this.repository.disable(m, tenantId, found.channel.id, reason)) {
          await this.repository.giveUpPending(m, tenantId, found.channel.id, 'the channel was turned off');
          await this.notifications.notifyIntegrationAdmins(m, tenantId, {
            reason: 'slack_channel_disabled',
            slackChannelId: found.channel.id,
            connection: found.channel.name,
            detail: `${reason}. Add a new webhook URL in Settings, Notifications to turn it back on.`,
          });
        }
        return;
      }
      if (d.attempts >= MAX_ATTEMPTS) return this.repository.finish(m, tenantId, d, 'failed', error);
      const backoff = Math.min(HOUR_MS, 30_000 * 2 ** (d.attempts - 1));
      return this.repository.postpone(m, tenantId, d, new Date(Date.now() + backoff), error, true);
    });
  }
}
