import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requirePrincipal, type RequestContext } from '../../common/auth/request-context';
import { Problems } from '../../common/problem/problems.decorator';
import { NotificationSettingsDto, UpdateNotificationSettingsDto } from './dto/notification-settings.dto';
import { NotificationSettingsService } from './notification-settings.service';
import { UnknownOnDutyUserException } from './unknown-on-duty-user.exception';

@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('notification-settings')
@Authenticated({ permission: 'settings:manage' })
export class NotificationSettingsController {
  constructor(private readonly settings: NotificationSettingsService) {}

  /** The workspace's on-duty group, hot-lead score threshold and SLA warning share. */
  @Get()
  get(@Ctx() ctx: RequestContext): Promise<NotificationSettingsDto> {
    return this.settings.get(requirePrincipal(ctx));
  }

  /** Changes the fields sent (422 `unknown_user` for an on-duty id that is not an active user here). */
  @Put()
  @Problems(UnknownOnDutyUserException)
  update(@Body() dto: UpdateNotificationSettingsDto, @Ctx() ctx: RequestContext): Promise<NotificationSettingsDto> {
    return this.settings.update(requirePrincipal(ctx), dto);
  }
}
