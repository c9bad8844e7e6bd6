import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

export type SsoAttemptPurpose = 'login' | 'test';

// One trip to the identity provider: what the callback needs to check the answer (the state by its hash,
// the nonce, the PKCE verifier). Used once; a replayed state finds it used. A test sign-in keeps what the
// provider said (claims or the error) for the settings screen, and never creates a session.
@Entity('sso_attempts')
@Index(['tenantId', 'createdAt'])
export class SsoAttempt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text', unique: true })
  stateHash: string;

  @Column({ type: 'text' })
  nonce: string;

  @Column({ type: 'text' })
  codeVerifier: string;

  @Column({ type: 'text' })
  purpose: SsoAttemptPurpose;

  // Who started a test sign-in (only they may read its result).
  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
