import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { sqlInList } from '../../common/db/sql-in-list';
import { Lead } from '../leads/lead.entity';
import { ENRICHMENT_KINDS, ENRICHMENT_STATUSES, ENRICHMENT_TRIGGERS, type EnrichmentKind, type EnrichmentStatus, type EnrichmentTrigger } from './enrichment-values';

// One lookup of one value of a lead by one provider: queued first, then its outcome. `value` is the
// normalised email or E.164 phone looked up; `summary` the fields the product uses, `raw` the provider's
// whole answer. A succeeded row is also the workspace's cache for that value (`cached` marks a row that was
// answered from another one; `fetchedAt` is then the original answer's time, so the cache ages from there).
@Entity('lead_enrichments')
@Index(['tenantId', 'leadId', 'createdAt', 'id'])
@Index('ix_lead_enrichments_cache', ['tenantId', 'provider', 'value', 'fetchedAt'], { where: `status = 'succeeded'` })
@Index('ix_lead_enrichments_bulk', ['tenantId', 'bulkId'], { where: 'bulk_id IS NOT NULL' })
// At most one waiting lookup per lead, provider and value: the feed and a click cannot queue it twice.
@Index('uq_lead_enrichments_queued', ['leadId', 'provider', 'value'], { unique: true, where: `status = 'queued'` })
@Check('ck_lead_enrichments_kind', `kind IN (${sqlInList(ENRICHMENT_KINDS)})`)
@Check('ck_lead_enrichments_status', `status IN (${sqlInList(ENRICHMENT_STATUSES)})`)
@Check('ck_lead_enrichments_trigger', `trigger IN (${sqlInList(ENRICHMENT_TRIGGERS)})`)
export class LeadEnrichment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @ManyToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  @Column({ type: 'text' })
  provider: string;

  @Column({ type: 'text' })
  kind: EnrichmentKind;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'text', default: 'queued' })
  status: EnrichmentStatus;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'jsonb', nullable: true })
  summary: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  raw: Record<string, unknown> | null;

  @Column({ type: 'boolean', default: false })
  cached: boolean;

  // The day's budget was charged for this lookup (once, however many attempts it takes).
  @Column({ type: 'boolean', default: false })
  charged: boolean;

  @Column({ type: 'boolean', default: false })
  force: boolean;

  @Column({ type: 'text' })
  trigger: EnrichmentTrigger;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'uuid', nullable: true })
  bulkId: string | null;

  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  fetchedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
