import type { MigrationInterface, QueryRunner } from 'typeorm';

// The daily stats rollup read the same right after a bulk change as before it (decision 0041). Its period
// sums were index-only scans of ix_lead_stats_daily_cover, whose INCLUDE holds `count`: every compaction
// update of a rollup row was therefore not HOT, moved the row to another page and cleared the visibility
// bits of both, and after a bulk change (rollup rows of every day rewritten) each read fetched one heap
// page per rollup row (2,289 buffers for a 30-day read instead of 65, until a vacuum). Without that index
// the updates are HOT, a day's rows stay together on the pages they were written to, and the read by
// primary key visits those few pages whether or not a vacuum has run since (110 buffers either way).
export class StatsRollupHotUpdates1796950000000 implements MigrationInterface {
  name = 'StatsRollupHotUpdates1796950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_lead_stats_daily_cover`);
    // Room on each page for the next versions of its rows (a row is ~80 bytes; pruning frees the old ones).
    await q.query(`ALTER TABLE lead_stats_daily SET (fillfactor = 50)`);
    // Once, so rows already stored sit in (tenant, day) order with that room; the compaction appends new
    // rows in that order from now on.
    await q.query(`CLUSTER lead_stats_daily USING "PK_b5225f382c81291be4db3ee1ae5"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lead_stats_daily RESET (fillfactor)`);
    await q.query(`CREATE INDEX ix_lead_stats_daily_cover ON lead_stats_daily (tenant_id, day) INCLUDE (dimension, value, count)`);
  }
}
