import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from '../../tenants/tenant.entity';
import { IntegrationConnection } from '../integration-connection.entity';

// What the engine last applied of one provider record: its version (modified time, or a payload hash
// when the provider has none) and the lead it became. A record seen again with the same version writes
// nothing; a deletion finds its lead here.
@Entity('sync_records')
export class SyncRecord {
  @PrimaryColumn({ type: 'uuid' })
  connectionId: string;

  @PrimaryColumn({ type: 'text' })
  stream: string;

  @PrimaryColumn({ type: 'text' })
  sourceRef: string;

  @ManyToOne(() => IntegrationConnection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id' })
  connection?: IntegrationConnection;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  appliedAt: Date;
}
