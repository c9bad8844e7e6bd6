import { Global, Module } from '@nestjs/common';

// Outgoing email: SMTP when SMTP_URL is set, otherwise recorded (and, in development, logged).
@Global()
@Module({
  providers: [],
  exports: [],
})
export class MailModule {}
