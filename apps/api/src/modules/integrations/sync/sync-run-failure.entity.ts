import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../../tenants/tenant.entity';
import { SyncRun } from './sync-run.entity';

// A provider record a run could not store (no email and no phone, a field too long), with why.
@Entity('sync_run_failures')
@Index(['runId', 'id'])
export class SyncRunFailure {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'uuid' })
  runId: string;

  @ManyToOne(() => SyncRun, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id' })
  run?: SyncRun;

  @Column({ type: 'text' })
  sourceRef: string;

  @Column({ type: 'text' })
  error: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
