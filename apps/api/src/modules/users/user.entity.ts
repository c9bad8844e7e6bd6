import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { Role } from './role.entity';

export type UserStatus = 'invited' | 'active' | 'disabled';

@Entity('users')
@Index(['tenantId', 'createdAt'])
// One account per address across workspaces, so sign-in needs no workspace name; invitations do not hold
// the address, so inviting someone who has an account elsewhere looks like any invitation (decision 0007).
@Index('UQ_users_email_account', ['email'], { unique: true, where: `status <> 'invited'` })
@Index('UQ_users_tenant_email', ['tenantId', 'email'], { unique: true })
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  // Normalised (trimmed, lower-cased).
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', default: '' })
  name: string;

  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'uuid' })
  roleId: string;

  @ManyToOne(() => Role, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id' })
  role?: Role;

  @Column({ type: 'text', default: 'active' })
  status: UserStatus;

  // Away users get no leads from assignment rules (set by the user in their profile).
  @Column({ type: 'boolean', default: false })
  away: boolean;

  // Most open leads assignment rules may give the user; null = no limit (set by an admin).
  @Column({ type: 'integer', nullable: true })
  leadCapacity: number | null;

  @Column({ type: 'boolean', default: false })
  mfaEnabled: boolean;

  // AES-256-GCM ciphertexts (see EncryptionService); never returned by the API.
  @Column({ type: 'text', nullable: true })
  mfaSecretEnc: string | null;

  @Column({ type: 'text', nullable: true })
  mfaPendingSecretEnc: string | null;

  // Last accepted TOTP time step, so a code cannot be replayed.
  @Column({ type: 'bigint', nullable: true })
  mfaLastStep: string | null;

  @Column({ type: 'integer', default: 0 })
  failedLoginCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failureWindowStart: Date | null;

  @Column({ type: 'integer', default: 0 })
  failureWindowCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
