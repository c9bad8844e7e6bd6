import type { MigrationInterface, QueryRunner } from 'typeorm';

// The read path at a million leads (docs/decisions/0015-leads-schema-for-speed.md): all-time counters
// for the list's totals, room on the heap pages for updated rows, and fresh planner statistics after a
// bulk change.
export class LeadsReadPath1796626570245 implements MigrationInterface {
  name = 'LeadsReadPath1796626570245';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "lead_stats_totals" ("tenant_id" uuid NOT NULL, "dimension" text NOT NULL, "value" text NOT NULL, "count" bigint NOT NULL, CONSTRAINT "PK_lead_stats_totals" PRIMARY KEY ("tenant_id", "dimension", "value"))`);
    await q.query(`ALTER TABLE "lead_stats_totals" ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "lead_stats_totals" FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON "lead_stats_totals"
      USING (tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
             OR current_setting('hotleads.cross_tenant', true) = 'on')
      WITH CHECK (tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
             OR current_setting('hotleads.cross_tenant', true) = 'on')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "lead_stats_totals" TO hotleads_app`);
    // From the compacted days; pending deltas stay pending (the next compaction adds them to both).
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'on', true)`);
    await q.query(`INSERT INTO lead_stats_totals (tenant_id, dimension, value, count)
      SELECT tenant_id, dimension, value, sum(count) FROM lead_stats_daily GROUP BY 1, 2, 3 HAVING sum(count) <> 0`);
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'off', true)`);

    // The stats read sums a period of the daily rollup (a few thousand rows for 30 days, most of them
    // response buckets): with the count in the index it reads a few index pages instead of one heap page
    // per row (rows of a day are written at different times, so they are scattered).
    await q.query(`CREATE INDEX ix_lead_stats_daily_cover ON lead_stats_daily (tenant_id, day) INCLUDE (dimension, value, count)`);
    // The rollup tables churn (every compaction deletes the deltas it folded and updates rollup rows):
    // vacuumed after a thousand dead rows instead of a fifth of the table, so readers do not step over
    // dead index entries and the daily rollup stays all-visible for index-only scans.
    for (const table of ['lead_stats_deltas', 'lead_stats_daily', 'lead_stats_totals']) {
      await q.query(`ALTER TABLE ${table} SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.05)`);
    }

    // Updated rows find room on their own page: fewer pages touched by a bulk change, and HOT updates
    // (no new index entries) for changes of unindexed columns (notes, message, contact times, version).
    await q.query(`ALTER TABLE leads SET (fillfactor = 85)`);

    // ANALYZE needs the table's owner; the app role calls this after a bulk change of many leads. Only
    // the columns triage moves change (status, priority, assignee, tags, trash), and never two at once:
    // a caller that finds another one running goes on, whose statistics will be as fresh.
    await q.query(`CREATE FUNCTION lead_analyze() RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtextextended('hotleads:lead-analyze', 0)) THEN
          RETURN false;
        END IF;
        ANALYZE leads (status, priority, assignee_id, tags, deleted_at, updated_at, respond_by, first_contacted_at);
        RETURN true;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION lead_analyze() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION lead_analyze() TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lead_analyze()`);
    await q.query(`ALTER TABLE leads RESET (fillfactor)`);
    for (const table of ['lead_stats_deltas', 'lead_stats_daily']) {
      await q.query(`ALTER TABLE ${table} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)`);
    }
    await q.query(`DROP INDEX ix_lead_stats_daily_cover`);
    await q.query(`DROP TABLE "lead_stats_totals"`);
  }
}
