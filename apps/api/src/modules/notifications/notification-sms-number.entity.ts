import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

// The number a user gets text messages on. It counts only once verified: a 6-digit code sent to it by SMS
// and typed back (the code is kept as an HMAC, never in the clear, for 10 minutes and 5 tries). Sending codes
// is rate limited per user (codes_sent within the window that started at codes_window_start).
@Entity('notification_sms_numbers')
@Index(['tenantId'])
export class NotificationSmsNumber {
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

  // E.164.
  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  // Why the number stopped counting (Twilio refused it), shown to the user until they enter one again.
  @Column({ type: 'text', nullable: true })
  invalidReason: string | null;

  @Column({ type: 'text', nullable: true })
  codeHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  codeExpiresAt: Date | null;

  @Column({ type: 'smallint', default: 0 })
  codeAttempts: number;

  @Column({ type: 'smallint', default: 0 })
  codesSent: number;

  @Column({ type: 'timestamptz', nullable: true })
  codesWindowStart: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastCodeAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
