import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { OutboundWebhookEndpoint } from './outbound-webhook-endpoint.entity';
import { OutboundWebhookEvent } from './outbound-webhook-event.entity';
import { OUTBOUND_DELIVERY_STATES, type OutboundDeliveryState } from './outbound-webhook-values';

// One event for one endpoint: unique per (event, endpoint), so no re-run of the fan-out can double it.
// A pending row is due at next_attempt_at; the sender moves that forward by a lease while it sends, so a
// sender that dies mid-flight leaves the row to be sent again after the lease (at least once).
@Entity('outbound_webhook_deliveries')
@Index(['eventId', 'endpointId'], { unique: true })
@Index(['tenantId', 'endpointId', 'createdAt', 'id'])
@Index(['nextAttemptAt'], { where: `state = 'pending'` })
@Check('ck_outbound_webhook_deliveries_state', `state IN (${sqlInList(OUTBOUND_DELIVERY_STATES)})`)
export class OutboundWebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'uuid' })
  endpointId: string;

  @ManyToOne(() => OutboundWebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: OutboundWebhookEndpoint;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne(() => OutboundWebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: OutboundWebhookEvent;

  @Column({ type: 'text', default: 'pending' })
  state: OutboundDeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  nextAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'integer', nullable: true })
  lastDurationMs: number | null;

  // The first characters of the receiver's answer, for the deliveries table.
  @Column({ type: 'text', nullable: true })
  lastResponseExcerpt: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
