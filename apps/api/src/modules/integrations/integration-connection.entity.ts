import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { sqlInList } from '../../common/db/sql-in-list';
import { CONNECTION_STATUSES, PROVIDERS, type ConnectionStatus, type ProviderName } from './integration-values';

// A workspace's link to one provider account. `credentials` is the vault's sealed JSON (AES-256-GCM, the
// connection id as associated data); `credentialsKeyId` names the key that sealed it, so a key rotation
// knows what is left to re-encrypt. `credentialHints` holds what may be shown: which fields are set and
// their last four characters.
@Entity('integration_connections')
@Index(['tenantId', 'createdAt', 'id'])
@Check('ck_integration_connections_provider', `provider IN (${sqlInList(PROVIDERS)})`)
@Check('ck_integration_connections_status', `status IN (${sqlInList(CONNECTION_STATUSES)})`)
export class IntegrationConnection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  provider: ProviderName;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  config: Record<string, unknown>;

  @Column({ type: 'text', nullable: true })
  credentials: string | null;

  @Column({ type: 'text', nullable: true })
  credentialsKeyId: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  credentialHints: Record<string, string>;

  @Column({ type: 'text', default: 'active' })
  status: ConnectionStatus;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastErrorAt: Date | null;

  // Badly signed deliveries past the hourly number kept as rows: counted here instead.
  @Column({ type: 'bigint', default: 0 })
  rejectedUnrecorded: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
