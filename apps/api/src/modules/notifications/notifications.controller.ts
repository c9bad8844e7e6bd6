import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '../../common/auth/access.decorator';
import { Ctx, requireUser, type RequestContext } from '../../common/auth/request-context';
import { Problems } from '../../common/problem/problems.decorator';
import { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import { MarkedReadDto, NotificationPageDto } from './dto/notification.dto';
import { InvalidNotificationCursorException } from './invalid-notification-cursor.exception';
import { NotificationNotFoundException } from './notification-not-found.exception';
import { NotificationsService } from './notifications.service';
import { NotificationEmailService } from './notification-email.service';
import { UnsubscribedDto, UnsubscribeQueryDto } from './dto/unsubscribe-query.dto';
import { InvalidUnsubscribeTokenException } from './invalid-unsubscribe-token.exception';

// Personal: each user sees and marks only their own notifications; API keys have none.
@ApiTags('notifications')
@ApiBearerAuth('bearer')
@Controller('notifications')
@Authenticated({ permission: 'leads:read', staffOnly: true })
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly email: NotificationEmailService,
  ) {}

  /** The link at the foot of a notification email: stops that kind of email for its recipient, no sign-in needed. */
  @Get('unsubscribe')
  @Public()
  @Problems(InvalidUnsubscribeTokenException)
  unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribedDto> {
    return this.notifications.unsubscribe(this.email.unsubscribeTokens, query.token);
  }

  /** The caller's notifications, newest first (keyset pages), with the unread count. */
  @Get()
  @Problems(InvalidNotificationCursorException)
  list(@Query() query: ListNotificationsQueryDto, @Ctx() ctx: RequestContext): Promise<NotificationPageDto> {
    return this.notifications.list(requireUser(ctx), query);
  }

  /** Marks every unread notification of the caller read. */
  @Post('read-all')
  @HttpCode(200)
  markAllRead(@Ctx() ctx: RequestContext): Promise<MarkedReadDto> {
    return this.notifications.markAllRead(requireUser(ctx));
  }

  /** Marks one notification read (again is fine). */
  @Post(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  @Problems(NotificationNotFoundException)
  markRead(@Param('id') id: string, @Ctx() ctx: RequestContext): Promise<void> {
    return this.notifications.markRead(requireUser(ctx), id);
  }
}
