import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlInList } from '../../../common/db/sql-in-list';
import { Tenant } from '../../tenants/tenant.entity';
import { IntegrationConnection } from '../integration-connection.entity';
import { SYNC_RUN_STATUSES, SYNC_TRIGGERS, type SyncRunStatus, type SyncTrigger } from './sync-values';

// One run of one stream of a pull connection, with what it did. Counters are added page by page in the
// page's own transaction, so they stay true even for a run that crashed.
@Entity('sync_runs')
@Index(['tenantId', 'connectionId', 'startedAt', 'id'])
@Check('ck_sync_runs_trigger', `trigger IN (${sqlInList(SYNC_TRIGGERS)})`)
@Check('ck_sync_runs_status', `status IN (${sqlInList(SYNC_RUN_STATUSES)})`)
export class SyncRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'uuid' })
  connectionId: string;

  @ManyToOne(() => IntegrationConnection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'connection_id' })
  connection?: IntegrationConnection;

  @Column({ type: 'text' })
  stream: string;

  @Column({ type: 'text' })
  trigger: SyncTrigger;

  @Column({ type: 'text' })
  status: SyncRunStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  requests: number;

  @Column({ type: 'integer', default: 0 })
  pages: number;

  @Column({ type: 'integer', default: 0 })
  fetched: number;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  merged: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;

  @Column({ type: 'integer', default: 0 })
  deleted: number;

  @Column({ type: 'integer', default: 0 })
  failed: number;

  @Column({ type: 'text', nullable: true })
  checkpointFrom: string | null;

  @Column({ type: 'text', nullable: true })
  checkpointTo: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
