import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { LIVE_ROW_EVENTS, type LiveRowEvent } from './live-event-types';

// One row per statement that wrote leads (or webhook deliveries), per tenant and kind of change, written by
// statement-level triggers (LiveEvents, DeliveryLiveEvents migrations) whatever the path (API, forms, imports, bulk, trash purge).
// The app role may only read it; rows older than LIVE_RETENTION_MINUTES are purged by a job.
@Entity('live_events')
@Index(['tenantId', 'id'])
@Check('ck_live_events_type', `type IN (${sqlInList(LIVE_ROW_EVENTS)})`)
export class LiveEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'text' })
  type: LiveRowEvent;

  // Empty when the statement touched more than LIVE_EVENT_MAX_IDS leads.
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  leadIds: string[];

  @Column({ type: 'integer' })
  count: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
