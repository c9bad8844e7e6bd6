import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// One event as integrators receive it, written in the transaction of the change by the triggers of the
// OutboundWebhooks migration (or by "Send test" for a ping). The payload's `data` is a snapshot taken then.
// Unique per source row and type, so nothing can fan the same change out twice.
@Entity('outbound_webhook_events')
@Index(['sourceId', 'type'], { unique: true })
export class OutboundWebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  type: string;

  // The lead event or sync run it comes from (a random id for a ping).
  @Column({ type: 'uuid' })
  sourceId: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
