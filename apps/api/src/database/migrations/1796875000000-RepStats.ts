import type { MigrationInterface, QueryRunner } from 'typeorm';

// Per-rep numbers (docs/decisions/0030-per-rep-stats.md): the stats rollup also counts, per assignee,
// the leads assigned, contacted, converted, answered after their respond-by time and still waiting.
// The same statement triggers and deltas keep them; an index serves the exact median per rep.
export class RepStats1796875000000 implements MigrationInterface {
  name = 'RepStats1796875000000';

  async up(q: QueryRunner): Promise<void> {
    // No lead write may slip between the new trigger function and the backfill below.
    await q.query(`LOCK TABLE leads IN SHARE ROW EXCLUSIVE MODE`);

    // The rep dimensions, kept beside lead_stat_dimensions (unchanged) so both the triggers and the
    // partial-day reads of lead-stats.repository.ts count a lead the same way.
    await q.query(`CREATE FUNCTION lead_rep_dimensions(assignee_id uuid, status text, contacted boolean, late boolean)
      RETURNS TABLE (dimension text, value text)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT d.dimension, assignee_id::text
        FROM (VALUES
          ('rep:assigned', true),
          ('rep:contacted', contacted),
          ('rep:converted', status = 'converted'),
          -- First contacted after the respond-by time: a breach that stays one.
          ('rep:late', late),
          -- Not contacted yet: a breach once respond_by passes, which the read works out against now.
          ('rep:awaiting', NOT contacted AND status IN ('unread', 'processing'))
        ) AS d(dimension, flag)
        WHERE assignee_id IS NOT NULL AND d.flag
      $$`);
    await q.query(`CREATE FUNCTION lead_rep_late(first_contacted_at timestamptz, respond_by timestamptz) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN coalesce(first_contacted_at > respond_by, false)`);

    // As in the LeadStats migration, with the assignee and the late flag in the collapse key.
    const collapse = (rows: string) => `
      INSERT INTO lead_stats_deltas (tenant_id, day, dimension, value, delta)
      SELECT k.tenant_id, k.day, d.dimension, d.value, sum(k.n)
      FROM (
        SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.status, r.priority, r.source, r.type,
               lead_response_bucket(r.created_at, r.first_contacted_at) AS bucket, r.assignee_id,
               lead_rep_late(r.first_contacted_at, r.respond_by) AS late, sum(r.sign) AS n
        FROM (${rows}) r
        WHERE r.deleted_at IS NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        HAVING sum(r.sign) <> 0
      ) k
      CROSS JOIN LATERAL (
        SELECT * FROM lead_stat_dimensions(k.status, k.priority, k.source, k.type, k.bucket)
        UNION ALL
        SELECT * FROM lead_rep_dimensions(k.assignee_id, k.status, k.bucket IS NOT NULL, k.late)
      ) d
      GROUP BY 1, 2, 3, 4
      HAVING sum(k.n) <> 0`;
    const counted = (table: string, sign: number) =>
      `SELECT tenant_id, created_at, status, priority, source, type, first_contacted_at, deleted_at, assignee_id, respond_by, ${sign} AS sign FROM ${table}`;
    await q.query(`CREATE OR REPLACE FUNCTION lead_stats_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${collapse(counted('new_rows', 1))};
        ELSIF TG_OP = 'DELETE' THEN
          ${collapse(counted('old_rows', -1))};
        ELSE
          ${collapse(`${counted('old_rows', -1)} UNION ALL ${counted('new_rows', 1)}`)};
        END IF;
        RETURN NULL;
      END $$`);

    // Leads stored before: into the daily rollup and the all-time totals (their deltas are long folded).
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'on', true)`);
    await q.query(`CREATE TEMP TABLE rep_backfill ON COMMIT DROP AS
      SELECT l.tenant_id, (l.created_at AT TIME ZONE 'UTC')::date AS day, d.dimension, d.value, count(*) AS count
      FROM leads l
      CROSS JOIN LATERAL lead_rep_dimensions(l.assignee_id, l.status, l.first_contacted_at IS NOT NULL, lead_rep_late(l.first_contacted_at, l.respond_by)) d
      WHERE l.deleted_at IS NULL
      GROUP BY 1, 2, 3, 4`);
    await q.query(`INSERT INTO lead_stats_daily (tenant_id, day, dimension, value, count) SELECT tenant_id, day, dimension, value, count FROM rep_backfill`);
    await q.query(`INSERT INTO lead_stats_totals (tenant_id, dimension, value, count)
      SELECT tenant_id, dimension, value, sum(count) FROM rep_backfill GROUP BY 1, 2, 3`);
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'off', true)`);

    // The exact median per rep reads only the rep's contacted leads of the period, from the index alone.
    await q.query(`CREATE INDEX ix_leads_rep_first_contact ON leads (tenant_id, assignee_id, created_at) INCLUDE (first_contacted_at)
      WHERE first_contacted_at IS NOT NULL AND deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_leads_rep_first_contact`);
    await q.query(`LOCK TABLE leads IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`CREATE OR REPLACE FUNCTION lead_stats_capture() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO lead_stats_deltas (tenant_id, day, dimension, value, delta)
          SELECT k.tenant_id, k.day, d.dimension, d.value, sum(k.n) FROM (
            SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.status, r.priority, r.source, r.type,
                   lead_response_bucket(r.created_at, r.first_contacted_at) AS bucket, count(*) AS n
            FROM new_rows r WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
          ) k CROSS JOIN LATERAL lead_stat_dimensions(k.status, k.priority, k.source, k.type, k.bucket) d
          GROUP BY 1, 2, 3, 4;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO lead_stats_deltas (tenant_id, day, dimension, value, delta)
          SELECT k.tenant_id, k.day, d.dimension, d.value, -sum(k.n) FROM (
            SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.status, r.priority, r.source, r.type,
                   lead_response_bucket(r.created_at, r.first_contacted_at) AS bucket, count(*) AS n
            FROM old_rows r WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7
          ) k CROSS JOIN LATERAL lead_stat_dimensions(k.status, k.priority, k.source, k.type, k.bucket) d
          GROUP BY 1, 2, 3, 4;
        ELSE
          INSERT INTO lead_stats_deltas (tenant_id, day, dimension, value, delta)
          SELECT k.tenant_id, k.day, d.dimension, d.value, sum(k.n) FROM (
            SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.status, r.priority, r.source, r.type,
                   lead_response_bucket(r.created_at, r.first_contacted_at) AS bucket, sum(r.sign) AS n
            FROM (SELECT *, -1 AS sign FROM old_rows UNION ALL SELECT *, 1 AS sign FROM new_rows) r
            WHERE r.deleted_at IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(r.sign) <> 0
          ) k CROSS JOIN LATERAL lead_stat_dimensions(k.status, k.priority, k.source, k.type, k.bucket) d
          GROUP BY 1, 2, 3, 4 HAVING sum(k.n) <> 0;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'on', true)`);
    for (const table of ['lead_stats_daily', 'lead_stats_totals', 'lead_stats_deltas']) {
      await q.query(`DELETE FROM ${table} WHERE dimension LIKE 'rep:%'`);
    }
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'off', true)`);
    await q.query(`DROP FUNCTION lead_rep_late(timestamptz, timestamptz)`);
    await q.query(`DROP FUNCTION lead_rep_dimensions(uuid, text, boolean, boolean)`);
  }
}
