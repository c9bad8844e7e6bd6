import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DELIVERY_STATUSES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type DeliveryStatus, type NotificationChannel, type NotificationKind } from '../notification-values';

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

// How sending a notification on one channel went (pending, sent, skipped with the reason, failed).
export class NotificationDeliveryDto {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  channel: NotificationChannel;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
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
  /** Email and SMS (in-app needs none); failures show here per channel. */
  @ApiProperty({ type: [NotificationDeliveryDto] })
  deliveries: NotificationDeliveryDto[];
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
