import { workspaceBaseUrlOf } from '../../common/http/public-url';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { OutboxDrainer } from '../../common/outbox/outbox-drainer';
import { appConfig, type AppConfig } from '../../config/app.config';
import { TWILIO_NUMBER_REFUSED } from '../integrations/providers/twilio/twilio-sms.provider';
import { channelWanted } from './channel-choice';
import { factsOf } from './notification-dto.mapper';
import { NotificationSmsNumberService } from './notification-sms-number.service';
import { NotificationSmsRepository } from './notification-sms.repository';
import { retryAfterDelayMs } from './notification-slack.sender';
import { NotificationsRepository, type DueDelivery } from './notifications.repository';
import { JobsService } from '../jobs/jobs.service';
import { quietUntil } from './quiet-hours';
import { smsMessage } from './sms-message';

const POLL_MS = 1000;
const BATCH = 50;
const LEASE_SECONDS = 120;
// After this many failed attempts (backing off from 30 s to an hour) a text is given up as failed.
const MAX_ATTEMPTS = 8;
const HOUR_MS = 60 * 60_000;

// Sends notifications as text messages from the outbox (notification_deliveries, channel `sms`), the same
// bookkeeping as email: rows leased by take_due_notification_deliveries() so replicas never take the same
// one, the row's key (notification, sms) the idempotency key, marked sent as soon as Twilio took the message.
// Twilio's 429 (Retry-After) and 5xx are retried with backoff; a refused number stops counting and its
// owner is told in the app; refused credentials put the connection in "needs attention".
@Injectable()
export class NotificationSmsSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly outbox = new OutboxDrainer<DueDelivery>({
    take: (max) => this.notifications.takeDue(this.dataSource.manager, 'sms', max, LEASE_SECONDS),
    deliver: (row) => this.deliver(row),
    batch: BATCH,
    intervalMs: POLL_MS,
    logger: this.logger,
    failure: 'could not send notification text messages; retrying',
  });

  constructor(
    private readonly db: TenantDb,
    private readonly notifications: NotificationsRepository,
    private readonly repository: NotificationSmsRepository,
    private readonly numbers: NotificationSmsNumberService,
    private readonly jobs: JobsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.jobs.workersEnabled) this.outbox.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
  }

  private async deliver(delivery: DueDelivery): Promise<void> {
    const { tenant_id: tenantId, notification_id: id } = delivery;
    const ids = [id];
    const found = await this.db.run(tenantId, async (m) => {
      if ((await this.notifications.lockDelivery(m, tenantId, id, 'sms')) !== 'pending') return null;
      const [notification] = await this.notifications.one(m, tenantId, id);
      if (!notification) return null;
      const skip = async (why: string) => {
        await this.notifications.finish(m, tenantId, ids, 'sms', 'skipped', why);
        return null;
      };
      const recipient = await this.notifications.recipient(m, tenantId, notification.recipient_id);
      if (!recipient || recipient.status !== 'active') return skip('the recipient is not active');
      if (!channelWanted(recipient.channels, recipient.defaults, notification.kind, 'sms')) return skip('turned off in the preferences');
      const number = await this.repository.number(m, tenantId, recipient.recipient_id);
      if (!number?.verified_at) return skip('the recipient has no verified number');
      const connection = await this.repository.twilioConnection(m, tenantId);
      if (!connection) return skip('the workspace has no active Twilio (SMS) connection');
      const quiet = quietUntil(new Date(), { start: recipient.quiet_start, end: recipient.quiet_end, timeZone: recipient.time_zone ?? 'UTC' });
      if (quiet) {
        await this.notifications.postpone(m, tenantId, ids, 'sms', quiet, null);
        return null;
      }
      const lead = notification.lead_id ? { id: notification.lead_id, priority: notification.lead_priority } : null;
      return { userId: recipient.recipient_id, phone: number.phone, connection, body: smsMessage(factsOf(notification), lead, await workspaceBaseUrlOf(m, this.app, tenantId)) };
    });
    if (!found) return;

    const result = await this.numbers.send(found.connection, found.phone, found.body);
    await this.db.run(tenantId, async (m) => {
      if (result.ok) return this.notifications.finish(m, tenantId, ids, 'sms', 'sent', null);
      const error = result.status === null ? result.message : `Twilio answered ${result.status}${result.code ? ` (${result.code})` : ''}: ${result.message}`;
      if (result.code !== null && TWILIO_NUMBER_REFUSED.has(result.code)) {
        await this.notifications.finish(m, tenantId, ids, 'sms', 'failed', error);
        if (await this.repository.markRefused(m, tenantId, found.userId, found.phone, error)) {
          await this.repository.notifyUser(m, tenantId, found.userId, {
            reason: 'sms_number_refused',
            detail: `Twilio refused to text ${found.phone} (${result.message}). Enter and verify a number again in Profile, Notifications.`,
          });
        }
        return;
      }
      if (result.status === 401 || result.status === 403) {
        await this.notifications.finish(m, tenantId, ids, 'sms', 'failed', error);
        return this.repository.connectionRefused(m, tenantId, found.connection.id, `Twilio refused the credentials (${result.status})`);
      }
      const retryable = result.status === null || result.status === 429 || result.status >= 500;
      if (!retryable || delivery.attempts >= MAX_ATTEMPTS) return this.notifications.finish(m, tenantId, ids, 'sms', 'failed', error);
      const wait = result.status === 429 ? retryAfterDelayMs(result.retryAfter) : Math.min(HOUR_MS, 30_000 * 2 ** (delivery.attempts - 1));
      return this.notifications.postpone(m, tenantId, ids, 'sms', new Date(Date.now() + wait), error);
    });
  }
}
