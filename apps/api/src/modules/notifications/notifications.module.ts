import { Module } from '@nestjs/common';
import { NotificationEmailService } from './notification-email.service';
import { NotificationSettingsController } from './notification-settings.controller';
import { NotificationSettingsService } from './notification-settings.service';
import { NotificationTimersJob } from './notification-timers.job';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

// What users are told (issue 15): the database writes notifications with the changes that cause them;
// this module lists them, marks them read, sends them by email and runs the timers.
@Module({
  controllers: [NotificationsController, NotificationSettingsController],
  providers: [NotificationsRepository, NotificationsService, NotificationTimersJob, NotificationEmailService, NotificationSettingsService],
})
export class NotificationsModule {}
