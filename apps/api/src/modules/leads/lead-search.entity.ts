import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Lead } from './lead.entity';

// The searchable text of each lead, kept beside the lead by triggers (LeadSearchTable migration) and
// trigram-indexed. Apart from leads, so that a status, priority, assignee or tag change, which rewrites
// the lead's row and every index on it, never rewrites trigrams. Read only through lead_ids_matching().
@Entity('lead_search')
@Index('ix_lead_search_trgm', { synchronize: false })
export class LeadSearch {
  @PrimaryColumn({ type: 'uuid' })
  leadId: string;

  @OneToOne(() => Lead, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead?: Lead;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'text' })
  document: string;
}
