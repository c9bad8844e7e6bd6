import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { sqlInList } from '../../common/db/sql-in-list';
import { CONNECTION_STATUSES, type ConnectionStatus, type ProviderName } from './integration-values';

// A workspace's link to one provider account. `credentials` is the vault's sealed JSON (AES-256-GCM, the
// connection id as associated data); `credentialsKeyId` names the key that sealed it, so a key rotation
// knows what is left to re-encrypt. `credentialHints` holds what may be shown: which fields are set and
// their last four characters.
@Entity('integration_connections')
@Index(['tenantId', 'createdAt', 'id'])
// The provider set is closed in code (PROVIDERS, checked by the DTOs); the database only bounds the name's
// shape, so each new provider is one line in integration-values.ts and no migration.
@Check('ck_integration_connections_provider', `provider ~ '^[a-z][a-z0-9_]{1,39}$'`)
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

  // Pull connections (the sync engine): how often the tick queues a run, whether it is paused, and when
  // the next one is due.
  @Column({ type: 'integer', default: 5 })
  syncIntervalMinutes: number;

  @Column({ type: 'boolean', default: false })
  syncPaused: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  nextSyncAt: Date | null;

  // The one cached access token of the connection, sealed by the vault, shared by every worker and
  // replica; refreshed under this row's lock (see AccessTokens).
  @Column({ type: 'text', nullable: true })
  accessToken: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  accessTokenExpiresAt: Date | null;

  // When tokens were requested lately: providers cap token requests (Zoho: 10 per 10 minutes).
  @Column({ type: 'timestamptz', array: true, default: () => `'{}'` })
  tokenRequestedAt: Date[];

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'uuid', nullable: true })
  updatedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
