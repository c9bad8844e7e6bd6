import { Inject, Injectable } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import { mailConfig, type MailConfig } from '../../config/mail.config';
import { MailDeliveryFailedError } from './mail-delivery-failed.error';
import { MailerService, type MailMessage } from './mailer.service';
import type { OutboundEmailStatus } from './outbound-email.entity';

interface OutboundRow {
  id: string;
  status: OutboundEmailStatus;
}

// Emails sent by jobs and kept in outbound_emails: the row is written (pending) before sending and then
// marked sent, not_sent (no SMTP_URL) or failed. Sending happens outside any transaction, so a slow SMTP
// server holds no database connection.
@Injectable()
export class OutboundMailService {
  constructor(
    private readonly db: TenantDb,
    private readonly mailer: MailerService,
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
  ) {}

  // One email per lead: a retried job finds the row of its first attempt and resumes it (pending or
  // failed) or stops (sent, not_sent) instead of writing and sending a second one. That also makes a
  // person who submits again get no second acknowledgment. Throws when SMTP refused the message, so the
  // job is retried.
  async sendForLead(tenantId: string, leadId: string, message: MailMessage): Promise<OutboundEmailStatus> {
    const row = await this.db.run(tenantId, async (m) => {
      // Two jobs for the same lead (two quick submissions) must not both insert.
      await m.query(`select pg_advisory_xact_lock(hashtext('hotleads:outbound-email:' || $1))`, [leadId]);
      const [existing] = await queryRows<OutboundRow>(m, `select id, status from outbound_emails where lead_id = $1 order by created_at limit 1`, [leadId]);
      if (existing) return existing;
      const [created] = await queryRows<OutboundRow>(
        m,
        `insert into outbound_emails (tenant_id, lead_id, "to", subject, text, status) values ($1, $2, $3, $4, $5, 'pending') returning id, status`,
        [tenantId, leadId, message.to, message.subject, message.text],
      );
      return created;
    });
    if (row.status === 'sent' || row.status === 'not_sent') return row.status;

    // Without SMTP_URL the mailer does not send (in development it prints the text) and says so.
    const { sent } = await this.mailer.send(message);
    const status: OutboundEmailStatus = sent ? 'sent' : this.mail.SMTP_URL ? 'failed' : 'not_sent';
    await this.db.run(tenantId, (m) =>
      m.query(`update outbound_emails set status = $2, sent_at = case when $2 = 'sent' then now() end, error = $3 where id = $1`, [
        row.id,
        status,
        status === 'failed' ? 'the SMTP server did not accept the message' : status === 'not_sent' ? 'SMTP_URL is not set' : null,
      ]),
    );
    if (status === 'failed') throw new MailDeliveryFailedError(`email ${row.id} could not be delivered`);
    return status;
  }
}
