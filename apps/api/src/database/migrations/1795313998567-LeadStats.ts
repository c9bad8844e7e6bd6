import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeadStats1795313998567 implements MigrationInterface {
  name = 'LeadStats1795313998567';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "lead_stats_deltas" ("id" BIGSERIAL NOT NULL, "tenant_id" uuid NOT NULL, "day" date NOT NULL, "dimension" text NOT NULL, "value" text NOT NULL, "delta" bigint NOT NULL, CONSTRAINT "PK_5655ad8cfd6e78a93240f4c610a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_2c02225e8aded16723e3517a67" ON "lead_stats_deltas" ("tenant_id", "day") `);
    await q.query(`CREATE TABLE "lead_stats_daily" ("tenant_id" uuid NOT NULL, "day" date NOT NULL, "dimension" text NOT NULL, "value" text NOT NULL, "count" bigint NOT NULL, CONSTRAINT "PK_b5225f382c81291be4db3ee1ae5" PRIMARY KEY ("tenant_id", "day", "dimension", "value"))`);
    await q.query(`CREATE INDEX "ix_leads_sla_open" ON "leads" ("tenant_id", "respond_by") WHERE first_contacted_at IS NULL AND deleted_at IS NULL AND status IN ('unread', 'processing')`);

    // Row-level security like every tenant table (see the Identity migration).
    for (const table of ['lead_stats_daily', 'lead_stats_deltas']) {
      await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON "${table}"
        USING (tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               OR current_setting('hotleads.cross_tenant', true) = 'on')
        WITH CHECK (tenant_id = nullif(current_setting('hotleads.tenant_id', true), '')::uuid
               OR current_setting('hotleads.cross_tenant', true) = 'on')`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${table}" TO hotleads_app`);
    }
    // The triggers insert deltas as the writing role.
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE lead_stats_deltas_id_seq TO hotleads_app`);

    // What one lead counts towards, one row per dimension. The only definition: the triggers, the
    // backfill below and the stats queries for partial days (lead-stats.repository.ts) all use these, so
    // a lead is counted the same way everywhere. The response bucket is the log-1.05 bucket of the seconds
    // to first contact (about 5% wide), enough for a median and p90 without keeping every duration.
    await q.query(`CREATE FUNCTION lead_response_bucket(created_at timestamptz, first_contacted_at timestamptz) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN first_contacted_at IS NOT NULL
                  THEN floor(ln(greatest(extract(epoch FROM first_contacted_at - created_at)::float8, 1)) / ln(1.05::float8))::integer END`);
    await q.query(`CREATE FUNCTION lead_stat_dimensions(status text, priority text, source text, type text, response_bucket integer)
      RETURNS TABLE (dimension text, value text)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT d.dimension, d.value
        FROM (VALUES
          ('status', status),
          ('priority', priority),
          ('source', source),
          ('type', type),
          ('contacted', CASE WHEN response_bucket IS NOT NULL THEN 'yes' END),
          -- Still waiting for a first response: what an SLA breach can happen to.
          ('awaiting', CASE WHEN response_bucket IS NULL AND status IN ('unread', 'processing') THEN 'yes' END),
          ('response', response_bucket::text)
        ) AS d(dimension, value)
        WHERE d.value IS NOT NULL
      $$`);

    // Statement-level, so a bulk write adds one aggregated INSERT, not one per row, and every path (API,
    // bulk, import merge, set-based updates, trash, purge) stays counted without knowing about stats. A
    // lead counts while it is not in the trash. Rows are first collapsed by what they count towards
    // (old rows -1, new rows +1), so an UPDATE that changes nothing counted cancels out before the
    // per-dimension expansion. Transition tables need one trigger per event.
    const collapse = (rows: string) => `
      INSERT INTO lead_stats_deltas (tenant_id, day, dimension, value, delta)
      SELECT k.tenant_id, k.day, d.dimension, d.value, sum(k.n)
      FROM (
        SELECT r.tenant_id, (r.created_at AT TIME ZONE 'UTC')::date AS day, r.status, r.priority, r.source, r.type,
               lead_response_bucket(r.created_at, r.first_contacted_at) AS bucket, sum(r.sign) AS n
        FROM (${rows}) r
        WHERE r.deleted_at IS NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING sum(r.sign) <> 0
      ) k
      CROSS JOIN LATERAL lead_stat_dimensions(k.status, k.priority, k.source, k.type, k.bucket) d
      GROUP BY 1, 2, 3, 4
      HAVING sum(k.n) <> 0`;
    const counted = (table: string, sign: number) =>
      `SELECT tenant_id, created_at, status, priority, source, type, first_contacted_at, deleted_at, ${sign} AS sign FROM ${table}`;
    await q.query(`CREATE FUNCTION lead_stats_capture() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`CREATE TRIGGER lead_stats_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION lead_stats_capture()`);
    await q.query(`CREATE TRIGGER lead_stats_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION lead_stats_capture()`);
    await q.query(`CREATE TRIGGER lead_stats_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION lead_stats_capture()`);

    // Leads stored before this migration. The triggers above already hold their lock on leads, so no write
    // can slip between this count and them. cross_tenant lets an owner that is not a superuser see every row.
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'on', true)`);
    await q.query(`INSERT INTO lead_stats_daily (tenant_id, day, dimension, value, count)
      SELECT l.tenant_id, (l.created_at AT TIME ZONE 'UTC')::date, d.dimension, d.value, count(*)
      FROM leads l
      CROSS JOIN LATERAL lead_stat_dimensions(l.status, l.priority, l.source, l.type, lead_response_bucket(l.created_at, l.first_contacted_at)) d
      WHERE l.deleted_at IS NULL
      GROUP BY 1, 2, 3, 4`);
    await q.query(`SELECT set_config('hotleads.cross_tenant', 'off', true)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS lead_stats_${event} ON leads`);
    await q.query(`DROP FUNCTION IF EXISTS lead_stats_capture()`);
    await q.query(`DROP FUNCTION IF EXISTS lead_stat_dimensions(text, text, text, text, integer)`);
    await q.query(`DROP FUNCTION IF EXISTS lead_response_bucket(timestamptz, timestamptz)`);
    await q.query(`DROP INDEX "public"."ix_leads_sla_open"`);
    await q.query(`DROP TABLE "lead_stats_daily"`);
    await q.query(`DROP INDEX "public"."IDX_2c02225e8aded16723e3517a67"`);
    await q.query(`DROP TABLE "lead_stats_deltas"`);
  }
}
