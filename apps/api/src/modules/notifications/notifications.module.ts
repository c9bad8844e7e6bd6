import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { OutboundWebhooksModule } from '../outbound-webhooks/outbound-webhooks.module';
import { EndpointDisabledNotices } from './endpoint-disabled-notices';
import { NotificationEmailService } from './notification-email.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesService } from './notification-preferences.service';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationSmsNumberController } from './notification-sms-number.controller';
import { NotificationSmsNumberService } from './notification-sms-number.service';
import { NotificationSmsRepository } from './notification-sms.repository';
import { NotificationSmsSender } from './notification-sms.sender';
import { NotificationSlackController } from './notification-slack.controller';
import { NotificationSlackRepository } from './notification-slack.repository';
import { NotificationSlackSender } from './notification-slack.sender';
import { NotificationSlackService } from './notification-slack.service';
import { NotificationTimersJob } from './notification-timers.job';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

// What users are told (issue 15): the database writes notifications with the changes that cause them;
// this module lists them, marks them read, sends them by email, to Slack and by SMS, and runs the timers.
@Module({
  imports: [OutboundWebhooksModule, IntegrationsModule],
  controllers: [NotificationsController, NotificationSettingsController, NotificationPreferencesController, NotificationSlackController, NotificationSmsNumberController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    NotificationTimersJob,
    NotificationEmailService,
    NotificationSettingsService,
    NotificationPreferencesService,
    NotificationSlackRepository,
    NotificationSlackService,
    NotificationSlackSender,
    EndpointDisabledNotices,
    NotificationSmsRepository,
    NotificationSmsNumberService,
    NotificationSmsSender,
  ],
})
export class NotificationsModule {}
