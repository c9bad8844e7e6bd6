import { Global, Module } from '@nestjs/common';
import { AcknowledgmentMailJob } from './acknowledgment-mail.job';
import { MailerService } from './mailer.service';
import { OutboundMailService } from './outbound-mail.service';

// Outgoing email: SMTP when SMTP_URL is set, otherwise not sent (and, in development, logged). Emails
// that belong to a workspace are sent by jobs and recorded in outbound_emails.
@Global()
@Module({
  providers: [MailerService, OutboundMailService, AcknowledgmentMailJob],
  exports: [MailerService, OutboundMailService],
})
export class MailModule {}
