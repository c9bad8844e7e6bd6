import { LEAD_PRIORITIES, LEAD_STATUSES, LEAD_TYPES, type LeadPriority, type LeadStatus, type LeadType } from '@hotleads/shared';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

// A lead is open while it is neither archived nor in the trash; open leads are unique per normalised
// email and per E.164 phone within a tenant, which is what makes concurrent duplicates merge.
@Entity('leads')
@Index(['tenantId', 'createdAt', 'id'])
@Index(['tenantId', 'status', 'createdAt', 'id'])
@Index(['tenantId', 'updatedAt', 'id'])
@Index(['tenantId', 'source', 'createdAt', 'id'])
@Index(['tenantId', 'assigneeId', 'createdAt', 'id'])
// GIN and partial indexes for tags and the trash are written by hand in the TriageIndexes migration. The
// non-date sorts have no index since the HotLeadUpdates migration (decision 0037): they end in a top-N sort.
@Index('ix_leads_tags', { synchronize: false })
@Index('ix_leads_trash', { synchronize: false })
// FollowUps migration: one assignee's follow-ups (My day).
@Index('ix_leads_follow_up_assignee', { synchronize: false })
// LeadDuplicates migration: the duplicate finder's lookups (see duplicates/lead-duplicates.repository.ts).
@Index('ix_leads_closed_email', { synchronize: false })
@Index('ix_leads_closed_phone', { synchronize: false })
@Index('ix_leads_name_company', { synchronize: false })
@Index('ix_leads_gmail_key', { synchronize: false })
// LeadReferenceSearch migration: a single-word search term matched exactly against source_ref.
@Index('ix_leads_source_ref_lookup', { synchronize: false })
@Index('uq_leads_source_ref', ['tenantId', 'source', 'sourceRef'], { unique: true, where: 'source_ref IS NOT NULL' })
@Index('uq_leads_open_email', ['tenantId', 'email'], { unique: true, where: `email IS NOT NULL AND deleted_at IS NULL AND status <> 'archived'` })
@Index('uq_leads_open_phone', ['tenantId', 'phone'], { unique: true, where: `phone IS NOT NULL AND deleted_at IS NULL AND status <> 'archived'` })
// Open SLA breaches (stats): the leads still waiting for a first contact, by due time.
// RepStats migration: (tenant_id, assignee_id, created_at) INCLUDE (first_contacted_at), contacted leads only.
@Index('ix_leads_rep_first_contact', { synchronize: false })
@Index('ix_leads_sla_open', ['tenantId', 'respondBy'], { where: `first_contacted_at IS NULL AND deleted_at IS NULL AND status IN ('unread', 'processing')` })
@Check('ck_leads_status', `status IN (${sqlInList(LEAD_STATUSES)})`)
@Check('ck_leads_priority', `priority IN (${sqlInList(LEAD_PRIORITIES)})`)
@Check('ck_leads_type', `type IN (${sqlInList(LEAD_TYPES)})`)
@Check('ck_leads_quality_score', `quality_score IS NULL OR (quality_score BETWEEN 0 AND 100)`)
// A phone that could not be read still counts as a way to reach the person (kept in metadata.rawPhone).
@Check('ck_leads_reachable', `email IS NOT NULL OR phone IS NOT NULL OR (metadata ->> 'rawPhone') IS NOT NULL`)
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'text', default: 'contact' })
  type: LeadType;

  @Column({ type: 'text', default: 'unread' })
  status: LeadStatus;

  @Column({ type: 'text', default: 'medium' })
  priority: LeadPriority;

  @Column({ type: 'smallint', nullable: true })
  qualityScore: number | null;

  // Computed by the workspace's scoring rules (0-100) with the exact contributions that add up to it.
  @Column({ type: 'smallint', nullable: true })
  score: number | null;

  @Column({ type: 'jsonb', nullable: true })
  scoreReasons: { rule: string; points: number }[] | null;

  // Enrichment summary (the full answers live in lead_enrichments).
  @Column({ type: 'text', nullable: true })
  emailVerdict: string | null;

  @Column({ type: 'boolean', nullable: true })
  phoneValid: boolean | null;

  @Column({ type: 'text', nullable: true })
  phoneLineType: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  // Trimmed and lower-cased.
  @Column({ type: 'text', nullable: true })
  email: string | null;

  // E.164; an unparseable input is kept in metadata.rawPhone instead.
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  company: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  // The person's job title or role, not a Hot Leads role.
  @Column({ type: 'text', nullable: true })
  role: string | null;

  // Staff's free-form working notes on the lead (PATCH); dated notes go to the timeline instead.
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  sourceRef: string | null;

  @Column({ type: 'uuid', nullable: true })
  formId: string | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags: string[];

  @Column({ type: 'jsonb', default: () => `'{}'` })
  metadata: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: User;

  @Column({ type: 'timestamptz', nullable: true })
  followUpAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstContactedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastContactedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondBy: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  // Also maintained by a trigger, so set-based SQL keeps it right.
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
