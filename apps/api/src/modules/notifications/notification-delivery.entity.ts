import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { DELIVERY_STATUSES, NOTIFICATION_CHANNELS, type DeliveryStatus, type NotificationChannel } from './notification-values';
import { Notification } from './notification.entity';

// The durable job of sending one notification on one channel, written with the notification (transactional
// outbox). Its key (notification, channel) is the idempotency key: a worker takes the row, sends, and marks
// it; a retry finds it sent and stops.
@Entity('notification_deliveries')
@Index(['nextAttemptAt'], { where: `status = 'pending'` })
@Check('ck_notification_deliveries_channel', `channel IN (${sqlInList(NOTIFICATION_CHANNELS)})`)
@Check('ck_notification_deliveries_status', `status IN (${sqlInList(DELIVERY_STATUSES)})`)
export class NotificationDelivery {
  @PrimaryColumn({ type: 'bigint' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @PrimaryColumn({ type: 'text' })
  channel: NotificationChannel;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  // A worker holds the row until then; a crashed worker's row is taken again after it.
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
