import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// A receiver of outbound webhooks. The signing secret (and, for 24 h after a rotation, the previous one)
// is one JSON object sealed by the credentials vault with the endpoint id as associated data.
@Entity('outbound_webhook_endpoints')
@Index(['tenantId', 'createdAt', 'id'])
@Index(['tenantId'], { where: 'enabled' })
export class OutboundWebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', array: true })
  events: string[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'text' })
  secretKeyId: string;

  // Until then both signatures go out.
  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  // Why it was turned off automatically (410, five days of failures); null when a person did it or it is on.
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  // Start of the current run of failed attempts; cleared by any success.
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
