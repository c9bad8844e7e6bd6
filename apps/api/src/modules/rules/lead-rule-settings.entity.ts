import { Check, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';

export type RescoreStatus = 'idle' | 'queued' | 'running' | 'done' | 'failed';

// Per workspace: the scoring decay, the time zone of time-of-day conditions, and the progress of the
// last rescoring (every lead again, after the rules changed).
@Entity('lead_rule_settings')
@Check('ck_lead_rule_settings_decay', 'decay_per_day BETWEEN 0 AND 100')
@Check('ck_lead_rule_settings_rescore', `rescore_status IN ('idle', 'queued', 'running', 'done', 'failed')`)
export class LeadRuleSettings {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @OneToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'integer', default: 0 })
  decayPerDay: number;

  // IANA name, e.g. Europe/Berlin.
  @Column({ type: 'text', default: 'UTC' })
  timeZone: string;

  // Bumped by every change of the scoring rules; a rescoring job carries the version it scores for.
  @Column({ type: 'integer', default: 1 })
  rulesVersion: number;

  @Column({ type: 'text', default: 'idle' })
  rescoreStatus: RescoreStatus;

  @Column({ type: 'integer', default: 0 })
  rescoreTotal: number;

  @Column({ type: 'integer', default: 0 })
  rescoreDone: number;

  @Column({ type: 'timestamptz', nullable: true })
  rescoreStartedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  rescoreFinishedAt: Date | null;

  // Up to when the decay refresh (ScoreDecayJob) brought decayed scores up to date; null before its first run.
  @Column({ type: 'timestamptz', nullable: true })
  decayRefreshedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
