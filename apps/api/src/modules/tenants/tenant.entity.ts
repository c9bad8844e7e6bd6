import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

import type { LeadPriority } from '@hotleads/shared';

// Minutes to the first response, per priority. The database reads the same keys (lead_sla_minutes() in
// the TriageIndexes migration) with the same defaults.
export type SlaMinutes = Record<LeadPriority, number>;

export interface TenantSettings {
  requireMfa: boolean;
  slaMinutes: SlaMinutes;
  // Leads stay in the trash this long before they are purged for good.
  trashRetentionDays: number;
  // ISO 3166-1 alpha-2; the app shows phones of this country in their national format.
  phoneCountry: string | null;
}

export const DEFAULT_SLA_MINUTES: SlaMinutes = { urgent: 15, high: 60, medium: 240, low: 1440 };

export const DEFAULT_TENANT_SETTINGS: TenantSettings = { requireMfa: false, slaMinutes: DEFAULT_SLA_MINUTES, trashRetentionDays: 30, phoneCountry: null };

@Entity('tenants')
@Unique('uq_tenants_slug', ['slug'])
export class Tenant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  // The first label of the workspace's host name when BASE_DOMAIN is set (libs/shared workspace-slug).
  @Column({ type: 'text' })
  slug: string;

  // Network allowlists (CIDR ranges; empty means anywhere): staff sessions and API keys.
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  staffIpRanges: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  apiKeyIpRanges: string[];

  @Column({ type: 'jsonb', default: () => `'{}'` })
  settings: Partial<TenantSettings>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
