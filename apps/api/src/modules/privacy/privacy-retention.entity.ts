import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// What a workspace has asked the daily retention job to remove (each rule off while null), and what the
// job did last time. One row per workspace, written on the first change.
@Entity('privacy_retention')
export class PrivacyRetention {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @OneToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // Leads with no activity for this many months are erased.
  @Column({ type: 'integer', nullable: true })
  inactiveLeadMonths: number | null;

  // Inbound webhook bodies older than this many days are deleted.
  @Column({ type: 'integer', nullable: true })
  webhookPayloadDays: number | null;

  // Staged import rows and import error reports older than this many days are deleted.
  @Column({ type: 'integer', nullable: true })
  importDays: number | null;

  // Audit entries older than this many months (never fewer than 12) are deleted.
  @Column({ type: 'integer', nullable: true })
  auditMonths: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastRunAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  lastResult: Record<string, number> | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
