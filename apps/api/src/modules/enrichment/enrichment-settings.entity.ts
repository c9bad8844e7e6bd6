import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { ENRICHMENT_MODES, type EnrichmentMode, type EnrichmentProviderName } from './enrichment-values';

export interface ProviderSetting {
  enabled: boolean;
  dailyBudget: number;
}

// One row per workspace, made on first use. `feedFrom`: leads changed after this instant are looked at by
// the automatic enrichment feed (EnrichmentFeed); it starts when the row does, so switching auto on never
// spends the budget on the whole back catalogue (bulk-enrich is for that).
@Entity('enrichment_settings')
@Check('ck_enrichment_settings_mode', `mode IN (${sqlInList(ENRICHMENT_MODES)})`)
export class EnrichmentSettings {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @OneToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text', default: 'auto' })
  mode: EnrichmentMode;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  providers: Partial<Record<EnrichmentProviderName, ProviderSetting>>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  feedFrom: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
