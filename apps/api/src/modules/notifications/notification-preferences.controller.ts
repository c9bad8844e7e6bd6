import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { Problems } from '../../common/problem/problems.decorator';
import { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto';
import { InvalidQuietHoursException } from './invalid-quiet-hours.exception';
import { NotificationPreferencesService } from './notification-preferences.service';

// Personal like the notifications themselves: each user reads and changes only their own.
@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('notification-preferences')
@Authenticated({ permission: 'leads:read', staffOnly: true })
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  /** The caller's event x channel choices (in-app is always on), email digest and quiet hours. */
  @Get()
  get(@Ctx() ctx: RequestContext): Promise<NotificationPreferencesDto> {
    return this.preferences.get(requireUser(ctx));
  }

  /** Changes the fields sent (400 `invalid_quiet_hours` when only one end is set or both are equal). */
  @Put()
  @Problems(InvalidQuietHoursException)
  update(@Body() dto: UpdateNotificationPreferencesDto, @Ctx() ctx: RequestContext): Promise<NotificationPreferencesDto> {
    return this.preferences.update(requireUser(ctx), dto);
  }
}
