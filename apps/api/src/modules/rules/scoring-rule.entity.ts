import type { LeadCondition } from '@hotleads/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

// One scoring rule of a workspace: when the condition holds, the lead gets the points (negative allowed).
@Entity('scoring_rules')
@Index(['tenantId', 'position'])
@Check('ck_scoring_rules_points', 'points BETWEEN -100 AND 100')
export class ScoringRule {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  condition: LeadCondition;

  @Column({ type: 'integer' })
  points: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  // Display order; the score does not depend on it.
  @Column({ type: 'integer' })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
