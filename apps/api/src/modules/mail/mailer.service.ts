import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { appConfig, type AppConfig } from '../../config/app.config';
import { mailConfig, type MailConfig } from '../../config/mail.config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface MailResult {
  sent: boolean;
}

// Outgoing email. Callers send after their transaction commits: a rolled-back change must not have
// mailed anyone, and a slow SMTP server must not hold a database connection.
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | null;
  private readonly development: boolean;

  constructor(
    @Inject(mailConfig.KEY) private readonly mail: MailConfig,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.transport = mail.SMTP_URL ? createTransport(mail.SMTP_URL) : null;
    this.development = app.NODE_ENV === 'development';
  }

  // Never throws: a failed delivery is logged (without the content) and reported as not sent.
  async send(message: MailMessage): Promise<MailResult> {
    if (!this.transport) {
      // Without SMTP a developer still needs the links (password reset, invitations): print them,
      // but only in development, the one place where the text may reach a log.
      if (this.development) {
        this.logger.log({ to: message.to, subject: message.subject, text: message.text }, 'email not sent (SMTP_URL is not set); its text follows');
      } else {
        this.logger.debug({ subject: message.subject }, 'email not sent: SMTP_URL is not set');
      }
      return { sent: false };
    }
    try {
      await this.transport.sendMail({ from: this.mail.MAIL_FROM, to: message.to, subject: message.subject, text: message.text, html: message.html });
      return { sent: true };
    } catch (error) {
      // Only the code and message: nodemailer errors can carry the SMTP conversation.
      const { code, message: reason } = error as { code?: string; message?: string };
      this.logger.warn({ subject: message.subject, code, reason }, 'email could not be sent');
      return { sent: false };
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
