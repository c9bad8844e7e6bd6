import { Module } from '@nestjs/common';
import { CredentialsVaultService } from '../integrations/credentials-vault.service';
import { OutboundWebhooksModule } from '../outbound-webhooks/outbound-webhooks.module';
import { EndpointDisabledNotices } from './endpoint-disabled-notices';
import { NotificationEmailService } from './notification-email.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationSlackController } from './notification-slack.controller';
import { NotificationSlackRepository } from './notification-slack.repository';
import { NotificationSlackSender } from './notification-slack.sender';
import { NotificationSlackService } from './notification-slack.service';
import { NotificationTimersJob } from './notification-timers.job';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

// What users are told (issue 15): the database writes notifications with the changes that cause them;
// this module lists them, marks them read, sends them by email and to Slack, and runs the timers.
@Module({
  imports: [OutboundWebhooksModule],
  controllers: [NotificationsController, NotificationSettingsController, NotificationPreferencesController, NotificationSlackController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationTimersJob,
    NotificationEmailService,
    NotificationSettingsService,
    NotificationPreferencesService,
    CredentialsVaultService,
    NotificationSlackRepository,
    NotificationSlackService,
    NotificationSlackSender,
    EndpointDisabledNotices,
  ],
})
export class NotificationsModule {}
