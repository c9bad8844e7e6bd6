import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from '../../tenants/tenant.entity';
import { IntegrationConnection } from '../integration-connection.entity';

// A stream's checkpoint (the provider's cursor: a modified time, a sync token) and its lease. The lease
// makes one run at a time per stream whatever the number of workers: a run takes it when free or
// expired, and every page's transaction commits only while the run still holds it (a fence).
@Entity('sync_streams')
export class SyncStream {
  @PrimaryColumn({ type: 'uuid' })
  connectionId: string;

  @PrimaryColumn({ type: 'text' })
  stream: string;

  @ManyToOne(() => IntegrationConnection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id' })
  connection?: IntegrationConnection;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text', nullable: true })
  checkpoint: string | null;

  @Column({ type: 'uuid', nullable: true })
  leaseRunId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
