import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { OutboxDrainer } from '../../common/outbox/outbox-drainer';
import { appConfig, type AppConfig } from '../../config/app.config';
import { workspaceBaseUrlOf } from '../../common/http/public-url';
import { mailConfig, type MailConfig } from '../../config/mail.config';
import { RUNTIME, type Runtime } from '../../config/runtime';
import { JobsService } from '../jobs/jobs.service';
import { MailerService } from '../mail/mailer.service';
import { channelWanted } from './channel-choice';
import { factsOf } from './notification-dto.mapper';
import { notificationBody, notificationTitle } from './notification-text';
import type { NotificationKind } from './notification-values';
import { NotificationsRepository, type DueDelivery, type NotificationRow, type RecipientRow } from './notifications.repository';
import { quietUntil } from './quiet-hours';
import { UnsubscribeTokens } from './unsubscribe-token';

const POLL_MS = 1000;
const BATCH = 50;
const LEASE_SECONDS = 120;
// After this many failed attempts (backing off from 30 s to an hour) a delivery is given up as failed.
const MAX_ATTEMPTS = 10;
const HOUR_MS = 60 * 60_000;

const KIND_LABELS: Record<NotificationKind, string> = {
  lead_assigned: 'leads assigned to you',
  hot_lead: 'new hot leads',
  mention: 'mentions',
  follow_up_due: 'follow-up reminders',
  sla_warning: 'response-time warnings',
  sla_breach: 'missed response targets',
  integration_trouble: 'integration trouble',
};

// Whether a user gets a kind by email (channel-choice.ts has the rule).
export function emailWanted(recipient: Pick<RecipientRow, 'channels' | 'defaults'>, kind: NotificationKind): boolean {
  return channelWanted(recipient.channels, recipient.defaults, kind, 'email');
}

// The next top of the hour after `at`: when an hourly digest goes out.
export const nextDigestAt = (at: Date): Date => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);

// Sends notifications by email from the outbox (notification_deliveries). Every process with workers polls
// once a second; take_due_notification_deliveries() leases rows so replicas never take the same one, and a
// crashed worker's rows are taken again when the lease ends. A row is marked sent right after the SMTP
// server accepted it: a crash in between sends it again (at least once), never silently drops it.
@Injectable()
export class NotificationEmailService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly tokens: UnsubscribeTokens;
  private readonly outbox = new OutboxDrainer<DueDelivery>({
    take: (max) => this.repository.takeDue(this.dataSource.manager, 'email', max, LEASE_SECONDS),
    deliver: (row) => this.deliver(row),
    batch: BATCH,
    intervalMs: POLL_MS,
    logger: this.logger,
    failure: 'could not send notification emails; retrying',
  });

  constructor(
    private readonly db: TenantDb,
    private readonly repository: NotificationsRepository,
    private readonly mailer: MailerService,
    private readonly jobs: JobsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
    @Inject(RUNTIME) runtime: Runtime,
  ) {
    this.tokens = new UnsubscribeTokens(runtime.secrets.jwtSecret);
  }

  get unsubscribeTokens(): UnsubscribeTokens {
    return this.tokens;
  }

  onApplicationBootstrap(): void {
    if (this.jobs.workersEnabled) this.outbox.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.outbox.stop();
  }

  private async deliver(delivery: DueDelivery): Promise<void> {
    const { tenant_id: tenantId, notification_id: id } = delivery;
    const now = new Date();
    const found = await this.db.run(tenantId, async (m) => {
      // A digest sent a moment ago may have carried this one too.
      if ((await this.repository.lockDelivery(m, tenantId, id, 'email')) !== 'pending') return null;
      const [notification] = await this.repository.one(m, tenantId, id);
      if (!notification) return null;
      const recipient = await this.repository.recipient(m, tenantId, notification.recipient_id);
      if (!recipient || recipient.status !== 'active') {
        await this.repository.finish(m, tenantId, [id], 'email', 'skipped', 'the recipient is not active');
        return null;
      }
      if (!emailWanted(recipient, notification.kind)) {
        await this.repository.finish(m, tenantId, [id], 'email', 'skipped', 'turned off in the preferences');
        return null;
      }
      const quiet = quietUntil(now, { start: recipient.quiet_start, end: recipient.quiet_end, timeZone: recipient.time_zone ?? 'UTC' });
      if (quiet) {
        await this.repository.postpone(m, tenantId, [id], 'email', quiet, null);
        return null;
      }
      if (recipient.email_mode === 'digest') {
        const digestAt = nextDigestAt(notification.created_at);
        if (digestAt > now) {
          await this.repository.postpone(m, tenantId, [id], 'email', digestAt, null);
          return null;
        }
        // Everything of the user that waits for a digest goes in this one.
        const pending = await this.repository.pendingOf(m, tenantId, recipient.recipient_id, 'email');
        const rows: NotificationRow[] = [];
        for (const p of pending) {
          const [row] = await this.repository.one(m, tenantId, p.notification_id);
          if (row && nextDigestAt(row.created_at) <= now && emailWanted(recipient, row.kind)) rows.push(row);
        }
        return { recipient, rows: rows.length ? rows : [notification], baseUrl: await workspaceBaseUrlOf(m, this.app, tenantId) };
      }
      return { recipient, rows: [notification], baseUrl: await workspaceBaseUrlOf(m, this.app, tenantId) };
    });
    if (!found) return;

    const ids = found.rows.map((r) => r.id);
    const { sent } = await this.mailer.send({ to: found.recipient.email, ...this.compose(tenantId, found.recipient.recipient_id, found.rows, found.baseUrl) });
    await this.db.run(tenantId, async (m) => {
      if (sent) return this.repository.finish(m, tenantId, ids, 'email', 'sent', null);
      if (!this.mail.SMTP_URL) return this.repository.finish(m, tenantId, ids, 'email', 'skipped', 'SMTP_URL is not set');
      if (delivery.attempts >= MAX_ATTEMPTS) return this.repository.finish(m, tenantId, ids, 'email', 'failed', 'the SMTP server did not accept the message');
      const backoff = Math.min(HOUR_MS, 30_000 * 2 ** (delivery.attempts - 1));
      return this.repository.postpone(m, tenantId, ids, 'email', new Date(Date.now() + backoff), 'the SMTP server did not accept the message');
    });
  }

  private compose(tenantId: string, userId: string, rows: NotificationRow[], baseUrl: string): { subject: string; text: string } {
    const item = (row: NotificationRow) => {
      const facts = factsOf(row);
      const body = notificationBody(facts);
      const lines = [notificationTitle(facts)];
      if (body) lines.push(body);
      if (row.lead_id) lines.push(`Open the lead: ${baseUrl}/leads/${row.lead_id}`);
      const token = this.tokens.sign({ tenantId, userId, kind: row.kind });
      lines.push(`Stop emails about ${KIND_LABELS[row.kind]}: ${baseUrl}/api/v1/notifications/unsubscribe?token=${token}`);
      return lines.join('\n');
    };
    if (rows.length === 1) return { subject: notificationTitle(factsOf(rows[0])), text: `${item(rows[0])}\n` };
    return {
      subject: `${rows.length} notifications from Hot Leads`,
      text: `Your hourly digest:\n\n${rows.map(item).join('\n\n')}\n`,
    };
  }
}
