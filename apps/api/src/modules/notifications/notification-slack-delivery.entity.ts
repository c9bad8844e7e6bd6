import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { DELIVERY_STATUSES, type DeliveryStatus } from './notification-values';
import { NotificationSlackChannel } from './notification-slack-channel.entity';
import { Notification } from './notification.entity';

// The durable job of posting one notification to one Slack channel, written by a trigger with the
// notification. Its key (notification, Slack channel) is the idempotency key: a retry finds it sent.
@Entity('notification_slack_deliveries')
@Index(['nextAttemptAt'], { where: `status = 'pending'` })
@Index(['slackChannelId', 'status'])
@Check('ck_notification_slack_deliveries_status', `status IN (${sqlInList(DELIVERY_STATUSES)})`)
export class NotificationSlackDelivery {
  @PrimaryColumn({ type: 'bigint' })
  notificationId: string;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: Notification;

  @PrimaryColumn({ type: 'uuid' })
  slackChannelId: string;

  @ManyToOne(() => NotificationSlackChannel, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'slack_channel_id' })
  slackChannel?: NotificationSlackChannel;

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

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
