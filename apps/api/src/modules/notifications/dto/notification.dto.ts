import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTIFICATION_KINDS, type NotificationKind } from '../notification-values';

export class NotificationLeadDto {
  id: string;
  name: string | null;
  company: string | null;
  source: string | null;
  priority: string | null;
  score: number | null;
  /** The lead is in the trash (its page still opens). */
  deleted: boolean;
}

export class NotificationDto {
  /** Opaque. */
  id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' })
  kind: NotificationKind;
  title: string;
  body: string | null;
  /** The lead it is about; absent for integration trouble, or when the lead was deleted for good. */
  @ApiPropertyOptional({ type: () => NotificationLeadDto })
  lead?: NotificationLeadDto;
  createdAt: Date;
  readAt: Date | null;
}

export class NotificationPageDto {
  /** Newest first. */
  data: NotificationDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** The caller's unread notifications, all pages together. */
  unreadCount: number;
}

export class MarkedReadDto {
  /** How many notifications this marked read. */
  marked: number;
}
