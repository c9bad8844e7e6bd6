import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { DEFAULT_ESCALATION_PERCENT } from './notification-values';

// A workspace's notification settings (one row, absent until an admin saves them; the triggers read the
// defaults then). Its own table rather than tenants.settings, because the database triggers read it.
@Entity('notification_settings')
export class NotificationSettings {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @OneToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // Who hears of a hot lead nobody is assigned to.
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  onDutyUserIds: string[];

  // A new lead at or above this score is hot (as is every urgent one); null: only urgent ones.
  @Column({ type: 'smallint', nullable: true })
  hotLeadScore: number | null;

  @Column({ type: 'smallint', default: DEFAULT_ESCALATION_PERCENT })
  escalationPercent: number;

  // Workspace defaults of the per-user choices: kind -> channel -> on/off.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  defaults: Record<string, Record<string, boolean>>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
