import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

// Changes to lead_stats_daily written by the statement triggers on leads. Insert-only, so concurrent writers
// never wait on one another's rollup rows; a compaction moves them into the rollup in one statement.
@Entity('lead_stats_deltas')
@Index(['tenantId', 'day'])
@Index(['tenantId', 'dimension', 'value'])
export class LeadStatsDelta {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  tenantId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'text' })
  dimension: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'bigint' })
  delta: string;
}
