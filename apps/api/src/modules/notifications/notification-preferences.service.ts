import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import { channelWanted, withChoices, withSmsChoices } from './channel-choice';
import type { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto';
import { InvalidQuietHoursException } from './invalid-quiet-hours.exception';
import { NOTIFICATION_KINDS, SMS_KINDS } from './notification-values';
import { NotificationsRepository, type PreferencesRow } from './notifications.repository';

type StaffCtx = AuthedContext<UserPrincipal>;

function toDto(row: PreferencesRow): NotificationPreferencesDto {
  return {
    choices: NOTIFICATION_KINDS.map((kind) => ({ kind, email: channelWanted(row.channels, row.defaults, kind, 'email') })),
    ownChoices: NOTIFICATION_KINDS.filter((kind) => row.channels?.[kind]?.email !== undefined),
    smsChoices: SMS_KINDS.map((kind) => ({ kind, sms: channelWanted(row.channels, row.defaults, kind, 'sms') })),
    emailMode: row.email_mode,
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    timeZone: row.time_zone,
  };
}

// A user's own notification choices (Profile, Notifications). What they leave alone follows the workspace
// defaults, which admins set in the notification settings; the senders read both through channelWanted.
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: NotificationsRepository,
  ) {}

  get(ctx: StaffCtx): Promise<NotificationPreferencesDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => toDto(await this.repository.preferences(m, tenantId, userId)));
  }

  update(ctx: StaffCtx, dto: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const { tenantId, userId } = ctx.principal;
    return this.db.run(tenantId, async (m) => {
      const row = await this.repository.preferences(m, tenantId, userId);
      const channels = withSmsChoices(withChoices(row.channels, dto.choices ?? []), dto.smsChoices ?? []);
      for (const kind of dto.resetKinds ?? []) {
        if (channels[kind]) delete channels[kind].email;
        if (channels[kind] && Object.keys(channels[kind]).length === 0) delete channels[kind];
      }
      const quietStart = dto.quietStart === undefined ? row.quiet_start : dto.quietStart;
      const quietEnd = dto.quietEnd === undefined ? row.quiet_end : dto.quietEnd;
      if ((quietStart === null) !== (quietEnd === null) || (quietStart !== null && quietStart === quietEnd)) throw new InvalidQuietHoursException();
      const next = { channels, email_mode: dto.emailMode ?? row.email_mode, quiet_start: quietStart, quiet_end: quietEnd, time_zone: dto.timeZone ?? row.time_zone };
      await this.repository.savePreferences(m, tenantId, userId, next);
      return toDto({ ...next, defaults: row.defaults });
    });
  }
}
