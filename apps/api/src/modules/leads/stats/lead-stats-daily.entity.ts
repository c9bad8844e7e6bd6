import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// The rollup behind GET /leads/stats: how many live leads (not in the trash) were created on a UTC day with
// a given value of a dimension (status, priority, source, type, contacted, response bucket). Pending changes
// sit in lead_stats_deltas until a compaction folds them in; readers add both.
@Entity('lead_stats_daily')
@Index(['tenantId', 'dimension', 'value'])
// No index holds `count`, so a compaction's update stays on its page (HOT): StatsRollupHotUpdates migration.
export class LeadStatsDaily {
  @PrimaryColumn({ type: 'uuid' })
  tenantId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ type: 'text' })
  dimension: string;

  @PrimaryColumn({ type: 'text' })
  value: string;

  @Column({ type: 'bigint' })
  count: string;
}
