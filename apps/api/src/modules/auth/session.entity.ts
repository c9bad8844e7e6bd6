import { Column, JoinColumn, ManyToOne, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

// A sign-in. Its refresh tokens form one rotation family; revoking the session kills them all, and the
// access tokens that carry its id (`sid`) are refused from then on.
@Entity('sessions')
@Index(['tenantId', 'userId'])
export class Session {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'text', nullable: true })
  ip: string | null;

  @Column({ type: 'text', nullable: true })
  userAgent: string | null;

  @Column({ type: 'boolean', default: false })
  mfa: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  // When the user last proved who they are in this session (password, MFA, re-authentication); a refresh
  // does not move it. Changes to authentication settings need it recent.
  @Column({ type: 'timestamptz', default: () => 'now()' })
  authenticatedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  lastUsedAt: Date;

  @Column({ type: 'timestamptz' })
  idleExpiresAt: Date;

  @Column({ type: 'timestamptz' })
  absoluteExpiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  revokedReason: string | null;
}
