import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// Paid lookups, cache hits and budget skips per workspace, provider and UTC day. A lookup reserves its
// unit here (an UPDATE guarded by the budget) before the provider is called, so parallel workers never
// spend past the budget.
@Entity('enrichment_usage')
export class EnrichmentUsage {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @PrimaryColumn({ type: 'text' })
  provider: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'integer', default: 0 })
  lookups: number;

  @Column({ type: 'integer', default: 0 })
  cached: number;

  @Column({ type: 'integer', default: 0 })
  skipped: number;
}
