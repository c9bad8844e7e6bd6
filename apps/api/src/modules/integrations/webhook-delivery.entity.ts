import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Lead } from '../leads/lead.entity';
import { Tenant } from '../tenants/tenant.entity';
import { IntegrationConnection } from './integration-connection.entity';
import { sqlInList } from '../../common/db/sql-in-list';
import { DELIVERY_STATES, SIGNATURE_RESULTS, type DeliveryState, type SignatureResult } from './integration-values';

// One inbound webhook request, kept as received (raw bytes) with what became of it. The body is purged
// after WEBHOOK_PAYLOAD_RETENTION_DAYS; the row stays. A dedupe key is unique per connection among the
// deliveries that count (not rejected, not duplicate), which is what makes two replicas receiving the same
// delivery at once store it once.
@Entity('webhook_deliveries')
@Index(['tenantId', 'connectionId', 'receivedAt', 'id'])
@Index(['tenantId', 'connectionId', 'state', 'receivedAt', 'id'])
@Index(['connectionId', 'dedupeKey'], { unique: true, where: `dedupe_key IS NOT NULL AND state NOT IN ('rejected', 'duplicate')` })
@Index(['receivedAt'], { where: `body IS NOT NULL` })
@Check('ck_webhook_deliveries_state', `state IN (${sqlInList(DELIVERY_STATES)})`)
@Check('ck_webhook_deliveries_signature', `signature IN (${sqlInList(SIGNATURE_RESULTS)})`)
export class WebhookDelivery {
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

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  // Null once purged (see bodyPurgedAt).
  @Column({ type: 'bytea', nullable: true })
  body: Buffer | null;

  @Column({ type: 'integer' })
  bodySize: number;

  @Column({ type: 'text' })
  bodySha256: string;

  @Column({ type: 'timestamptz', nullable: true })
  bodyPurgedAt: Date | null;

  // Only the headers that matter: content type, signature headers, user agent, request id.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  headers: Record<string, string>;

  @Column({ type: 'text', nullable: true })
  sourceIp: string | null;

  @Column({ type: 'text' })
  signature: SignatureResult;

  @Column({ type: 'text', nullable: true })
  dedupeKey: string | null;

  // What the sender says happened (Acuity's action, the generic source's event label), for the table.
  @Column({ type: 'text', nullable: true })
  action: string | null;

  @Column({ type: 'text' })
  state: DeliveryState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  // What processing did: per-item results (generic source), the appointment id, ...
  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @ManyToOne(() => Lead, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
