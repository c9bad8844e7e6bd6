import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import { JobsService } from '../jobs/jobs.service';
import { OutboundMailService } from './outbound-mail.service';

export const ACKNOWLEDGMENT_JOB = 'mail.acknowledgment';

export interface AcknowledgmentJobData {
  tenantId: string;
  leadId: string;
  // The address given in the submission.
  to: string;
}

// "We received your message" to someone who submitted a public form whose acknowledgment email is on.
// Enqueued with the lead; idempotent through OutboundMailService (one email per lead).
@Injectable()
export class AcknowledgmentMailJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly db: TenantDb,
    private readonly outbound: OutboundMailService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.jobs.register<AcknowledgmentJobData>(ACKNOWLEDGMENT_JOB, (data) => this.run(data), { retryLimit: 5, retryDelay: 60, concurrency: 2 });
  }

  async run({ tenantId, leadId, to }: AcknowledgmentJobData): Promise<void> {
    const [context] = await this.db.run(tenantId, (m) =>
      queryRows<{ workspace: string; name: string | null }>(
        m,
        `select t.name as workspace, l.name from leads l join tenants t on t.id = l.tenant_id where l.id = $1`,
        [leadId],
      ),
    );
    // The lead was deleted before the job ran: nobody to acknowledge.
    if (!context) return;
    const greeting = context.name ? `Hello ${context.name},` : 'Hello,';
    await this.outbound.sendForLead(tenantId, leadId, {
      to,
      subject: `${context.workspace}: we received your message`,
      text: [
        greeting,
        '',
        `Thank you for contacting ${context.workspace}. We have received your message and will get back to you soon.`,
        '',
        'This is an automatic message; there is no need to reply to it.',
      ].join('\n'),
    });
  }
}
