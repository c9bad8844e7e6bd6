import type { LeadCondition } from '@hotleads/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

export type AssignmentAction = 'user' | 'round_robin';

// Ordered per workspace; the first enabled rule whose condition holds assigns the lead. A null condition
// matches every lead (a catch-all at the end).
@Entity('assignment_rules')
@Index(['tenantId', 'position'])
@Check('ck_assignment_rules_action', `action IN ('user', 'round_robin')`)
@Check('ck_assignment_rules_target', `(action = 'user' AND user_id IS NOT NULL) OR (action = 'round_robin' AND cardinality(group_user_ids) > 0)`)
export class AssignmentRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb', nullable: true })
  condition: LeadCondition | null;

  @Column({ type: 'text' })
  action: AssignmentAction;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  // The round-robin group, in turn order.
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  groupUserIds: string[];

  // The round-robin position: the member who got the last lead (the next one goes to whoever follows).
  @Column({ type: 'uuid', nullable: true })
  lastUserId: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'integer' })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
