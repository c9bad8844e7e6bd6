import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { SLACK_KINDS, type SlackKind } from './notification-values';

// A Slack incoming webhook of the workspace and the kinds of notification it posts (hot leads and breaches
// to #sales, integration trouble to #ops). The URL is the credential: sealed by the credentials vault with
// the channel id as associated data, never shown again.
@Entity('notification_slack_channels')
@Index(['tenantId'])
@Check('ck_notification_slack_channels_kinds', `kinds <@ ARRAY[${sqlInList(SLACK_KINDS)}]::text[] AND cardinality(kinds) > 0`)
export class NotificationSlackChannel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', array: true })
  kinds: SlackKind[];

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  urlKeyId: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  // Why it was turned off automatically (Slack answered 404 or 410); null when a person did it or it is on.
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastFailedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
