import { Column, Entity, PrimaryColumn } from 'typeorm';

// All-time counters per tenant, dimension and value (live leads, not in the trash): the list's exact
// totals in one index read. Folded from lead_stats_deltas by the same compaction that keeps
// lead_stats_daily, so writers never contend on a counter row; readers add the deltas still pending.
@Entity('lead_stats_totals')
export class LeadStatsTotal {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'text' })
  dimension: string;

  @PrimaryColumn({ type: 'text' })
  value: string;

  @Column({ type: 'bigint' })
  count: string;
}
