import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../../tenants/tenant.entity';
import { Lead } from '../lead.entity';

// One merge of leads into a survivor, with what it changed so it can be undone: the leads as they were
// (`before`, keyed by id) and the timeline entries and enrichments it moved to the survivor (`moved`).
// The merged-away leads stay as rows, hidden like the trash (deleted_at), until the undo window ends.
@Entity('lead_merges')
@Index(['tenantId', 'survivorId', 'createdAt'])
// MergeLeads migration: a GIN index on merged_ids finds the merge that hid a lead.
@Index('ix_lead_merges_merged_ids', { synchronize: false })
export class LeadMerge {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;

  @Column({ type: 'uuid' })
  survivorId: string;

  @ManyToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survivor_id' })
  survivor?: Lead;

  @Column({ type: 'uuid', array: true })
  mergedIds: string[];

  // Which lead each field's value came from.
  @Column({ type: 'jsonb', default: () => `'{}'` })
  fields: Record<string, string>;

  @Column({ type: 'jsonb' })
  before: Record<string, Record<string, unknown>>;

  @Column({ type: 'jsonb' })
  moved: { events: Record<string, string[]>; enrichments: Record<string, string[]> };

  // The survivor's version right after the merge: an undo refuses once it has moved on.
  @Column({ type: 'integer' })
  survivorVersion: number;

  @Column({ type: 'text' })
  actorType: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  undoneAt: Date | null;
}
