import { Global, Module } from '@nestjs/common';
import { MailerService } from './mailer.service';

// Outgoing email: SMTP when SMTP_URL is set, otherwise not sent (and, in development, logged).
@Global()
@Module({
  providers: [MailerService],
  exports: [MailerService],
})
export class MailModule {}
