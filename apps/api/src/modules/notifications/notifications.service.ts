import { Injectable } from '@nestjs/common';
import type { UserPrincipal } from '../../common/auth/principal';
import type { AuthedContext } from '../../common/auth/request-context';
import { TenantDb } from '../../common/db/tenant-db.service';
import type { ListNotificationsQueryDto } from './dto/list-notifications-query.dto';
import type { MarkedReadDto, NotificationPageDto } from './dto/notification.dto';
import { InvalidNotificationCursorException } from './invalid-notification-cursor.exception';
import { decodeNotificationCursor, encodeNotificationCursor, toNotificationDto } from './notification-dto.mapper';
import { NotificationNotFoundException } from './notification-not-found.exception';
import { NotificationsRepository } from './notifications.repository';
import { InvalidUnsubscribeTokenException } from './invalid-unsubscribe-token.exception';
import type { UnsubscribeTokens } from './unsubscribe-token';
import type { UnsubscribedDto } from './dto/unsubscribe-query.dto';

type StaffCtx = AuthedContext<UserPrincipal>;

const DEFAULT_PAGE = 20;
const NOTIFICATION_ID = /^\d{1,18}$/;

// The caller's own notifications: every query is scoped to the recipient, so another user's is not found.
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repository: NotificationsRepository,
  ) {}

  async list(ctx: StaffCtx, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const { tenantId, userId } = ctx.principal;
    const beforeId = query.cursor === undefined ? null : decodeNotificationCursor(query.cursor);
    if (beforeId === null && query.cursor !== undefined) throw new InvalidNotificationCursorException();
    const limit = query.limit ?? DEFAULT_PAGE;
    return this.db.run(tenantId, async (m) => {
      const rows = await this.repository.page(m, tenantId, userId, { beforeId, limit: limit + 1, unreadOnly: query.unread === true });
      const unreadCount = await this.repository.unreadCount(m, tenantId, userId);
      const page = rows.slice(0, limit);
      return {
        data: page.map(toNotificationDto),
        nextCursor: rows.length > limit ? encodeNotificationCursor(page[page.length - 1].id) : null,
        unreadCount,
      };
    });
  }

  async markRead(ctx: StaffCtx, id: string): Promise<void> {
    const { tenantId, userId } = ctx.principal;
    if (!NOTIFICATION_ID.test(id)) throw new NotificationNotFoundException();
    const found = await this.db.run(tenantId, (m) => this.repository.markRead(m, tenantId, userId, id));
    if (!found) throw new NotificationNotFoundException();
  }

  async markAllRead(ctx: StaffCtx): Promise<MarkedReadDto> {
    const { tenantId, userId } = ctx.principal;
    const marked = await this.db.run(tenantId, (m) => this.repository.markAllRead(m, tenantId, userId));
    return { marked };
  }

  // From an emailed link, without signing in: turns that kind of email off for the user the link was for.
  async unsubscribe(tokens: UnsubscribeTokens, token: string): Promise<UnsubscribedDto> {
    const claim = tokens.verify(token);
    if (!claim) throw new InvalidUnsubscribeTokenException();
    const found = await this.db.run(claim.tenantId, (m) => this.repository.turnOff(m, claim.tenantId, claim.userId, claim.kind, 'email'));
    if (!found) throw new InvalidUnsubscribeTokenException();
    return { kind: claim.kind };
  }
}
