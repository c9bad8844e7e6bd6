import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Lead } from '../leads/lead.entity';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification-values';

// One thing one user is told. Written only by the database (the triggers and the timer scan of the
// Notifications migration), in the transaction of the change that caused it; the app reads and marks read.
// `dedupKey` makes a timer notification (SLA warning or breach, follow-up) once per lead and target.
@Entity('notifications')
@Index(['tenantId', 'recipientId', 'id'])
@Index(['tenantId', 'recipientId', 'kind', 'dedupKey'], { unique: true })
@Index('ix_notifications_unread', ['tenantId', 'recipientId'], { where: 'read_at IS NULL' })
@Check('ck_notifications_kind', `kind IN (${sqlInList(NOTIFICATION_KINDS)})`)
export class Notification {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: User;

  @Column({ type: 'text' })
  kind: NotificationKind;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  // Who caused it (the assigning or mentioning user); null for rules, timers and the system.
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  // What the title and body are made from besides the lead (rule, note excerpt, connection, due time).
  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  dedupKey: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
