import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type { LeadPriority } from '@hotleads/shared';

// Minutes to the first response, per priority. The database reads the same keys (lead_sla_minutes() in
// the TriageIndexes migration) with the same defaults.
export type SlaMinutes = Record<LeadPriority, number>;

export interface TenantSettings {
  requireMfa: boolean;
  slaMinutes: SlaMinutes;
  // Leads stay in the trash this long before they are purged for good.
  trashRetentionDays: number;
}

export const DEFAULT_SLA_MINUTES: SlaMinutes = { urgent: 15, high: 60, medium: 240, low: 1440 };

export const DEFAULT_TENANT_SETTINGS: TenantSettings = { requireMfa: false, slaMinutes: DEFAULT_SLA_MINUTES, trashRetentionDays: 30 };

@Entity('tenants')
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  settings: Partial<TenantSettings>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
