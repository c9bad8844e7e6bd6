import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';
import { EMAIL_MODES, type EmailMode } from './notification-values';

// One user's choices: which kinds reach which channel (kind -> channel -> on/off; what is absent follows
// the workspace default), email per event or as an hourly digest, and quiet hours in their time zone.
@Entity('notification_preferences')
@Check('ck_notification_preferences_email_mode', `email_mode IN (${sqlInList(EMAIL_MODES)})`)
export class NotificationPreferences {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  channels: Record<string, Record<string, boolean>>;

  @Column({ type: 'text', default: 'instant' })
  emailMode: EmailMode;

  // Minutes after local midnight; both null: no quiet hours. start > end spans midnight.
  @Column({ type: 'smallint', nullable: true })
  quietStart: number | null;

  @Column({ type: 'smallint', nullable: true })
  quietEnd: number | null;

  @Column({ type: 'text', default: 'UTC' })
  timeZone: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
