import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveEvents1795324252247 implements MigrationInterface {
  name = 'LiveEvents1795324252247';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "live_events" ("id" BIGSERIAL NOT NULL, "tenant_id" uuid NOT NULL, "type" text NOT NULL, "lead_ids" uuid array NOT NULL DEFAULT '{}', "count" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_live_events_type" CHECK (type IN ('lead.created', 'lead.updated', 'lead.deleted')), CONSTRAINT "PK_ff25dc1ee3cb53cbfbfae3e1ae9" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_cb3e309f48e45c8c2068541450" ON "live_events" ("tenant_id", "id") `);

    // Row-level security like every tenant table. Cross-tenant reads exist only inside the two owner
    // functions below. The app role reads; only the trigger (as the owner) writes, so no request can
    // forge or erase an event.
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const rule = `tenant_id = ${tenant} OR (SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    await q.query(`ALTER TABLE live_events ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE live_events FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON live_events USING (${rule}) WITH CHECK (${rule})`);
    await q.query(`REVOKE ALL ON live_events FROM hotleads_app`);
    await q.query(`GRANT SELECT ON live_events TO hotleads_app`);
    await q.query(`REVOKE ALL ON SEQUENCE live_events_id_seq FROM hotleads_app`);

    // Statement-level, like the stats triggers: one row per statement, tenant and kind of change, however
    // many leads it touched (a 100,000-lead bulk update adds one row and one notification), and every path
    // that writes leads is announced without knowing about it. A lead leaving the trash is an update; one
    // going into it, changed inside it, or deleted for good is a deletion. Ids are listed up to the cap.
    // The notification (delivered at commit, to every API process) names the tenant and the row.
    // (100 is LIVE_EVENT_MAX_IDS, written out: a migration must not change when the code does.)
    const capture = (rows: string, typeOf: (alias: string) => string) => `
      FOR e IN
        INSERT INTO live_events (tenant_id, type, lead_ids, count)
        SELECT g.tenant_id, g.type,
               CASE WHEN g.n <= 100
                    THEN ARRAY(SELECT r.id FROM ${rows} r WHERE r.tenant_id = g.tenant_id AND ${typeOf('r')} = g.type)
                    ELSE '{}' END,
               g.n
        FROM (SELECT x.tenant_id, ${typeOf('x')} AS type, count(*)::integer AS n FROM ${rows} x GROUP BY 1, 2) g
        ORDER BY g.tenant_id, g.type
        RETURNING id, tenant_id
      LOOP
        PERFORM pg_notify('hotleads_live', e.tenant_id::text || ':' || e.id::text);
      END LOOP`;
    await q.query(`CREATE FUNCTION live_events_capture() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE e record;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${capture('new_rows', () => `'lead.created'::text`)};
        ELSIF TG_OP = 'UPDATE' THEN
          ${capture('new_rows', (a) => `CASE WHEN ${a}.deleted_at IS NULL THEN 'lead.updated' ELSE 'lead.deleted' END`)};
        ELSE
          ${capture('old_rows', () => `'lead.deleted'::text`)};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER live_events_insert AFTER INSERT ON leads REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_capture()`);
    await q.query(`CREATE TRIGGER live_events_update AFTER UPDATE ON leads REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_capture()`);
    await q.query(`CREATE TRIGGER live_events_delete AFTER DELETE ON leads REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_capture()`);

    // What a reconnecting client's Last-Event-ID is checked against: the oldest id still kept (any
    // tenant; the purge below removes whole id ranges) and the newest id handed out. Only numbers leave.
    // Both functions read across tenants as the owner, which forced row-level security still binds when it
    // is not a superuser: they turn hotleads.cross_tenant on for their own statements and back off before
    // returning. (A function's SET clause would be neater, but only a superuser may attach a custom setting.)
    const crossTenant = (body: string) => `
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        ${body}
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END`;
    await q.query(`CREATE FUNCTION live_events_window(OUT oldest bigint, OUT newest bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      ${crossTenant(`
        SELECT min(id) INTO oldest FROM live_events;
        SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO newest FROM live_events_id_seq;`)}
      $$`);
    // Deletes every event below the oldest one created at or after the cutoff, so that a kept id always
    // has every later id of its tenant kept too (an event made by a long transaction can have an older
    // created_at than a smaller id).
    await q.query(`CREATE FUNCTION purge_live_events(cutoff timestamptz, OUT purged bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      ${crossTenant(`
        DECLARE boundary bigint;
        BEGIN
          SELECT id INTO boundary FROM live_events WHERE created_at >= cutoff ORDER BY id LIMIT 1;
          IF boundary IS NULL THEN
            DELETE FROM live_events WHERE created_at < cutoff;
          ELSE
            DELETE FROM live_events WHERE id < boundary;
          END IF;
          GET DIAGNOSTICS purged = ROW_COUNT;
        END;`)}
      $$`);
    for (const fn of ['live_events_window()', 'purge_live_events(timestamptz)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hotleads_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS purge_live_events(timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS live_events_window()`);
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS live_events_${event} ON leads`);
    await q.query(`DROP FUNCTION IF EXISTS live_events_capture()`);
    await q.query(`DROP INDEX "public"."IDX_cb3e309f48e45c8c2068541450"`);
    await q.query(`DROP TABLE "live_events"`);
  }
}
