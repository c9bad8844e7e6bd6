import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../../tenants/tenant.entity';

// One trip to Zoho's sign-in to connect (or reconnect) Zoho CRM: what the callback needs to finish it.
// The state and the browser binding are kept as hashes; the client secret sealed by the vault until the
// code is exchanged. Spent once (usedAt); a replayed or late state finds nothing.
@Entity('zoho_authorizations')
@Index(['tenantId', 'createdAt'])
export class ZohoAuthorization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // The staff member who started it: only they finish it, and only while they may manage integrations.
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text', unique: true })
  stateHash: string;

  // Hash of the cookie set on the starting browser: a state carried to another browser does not finish.
  @Column({ type: 'text' })
  browserHash: string;

  @Column({ type: 'text' })
  codeVerifier: string;

  // Reconnecting an existing connection; null creates a new one named `name`.
  @Column({ type: 'uuid', nullable: true })
  connectionId: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  dataCentre: string;

  @Column({ type: 'text' })
  clientId: string;

  @Column({ type: 'text' })
  clientSecret: string;

  @Column({ type: 'text' })
  clientSecretKeyId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
