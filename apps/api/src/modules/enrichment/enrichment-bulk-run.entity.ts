import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// One bulk-enrich request; its progress is counted from the lookups carrying its id.
@Entity('enrichment_bulk_runs')
@Index(['tenantId', 'createdAt', 'id'])
export class EnrichmentBulkRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // Leads the ids or the filter selected, and lookups queued for them.
  @Column({ type: 'integer' })
  leads: number;

  @Column({ type: 'integer' })
  queued: number;

  @Column({ type: 'boolean', default: false })
  force: boolean;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
