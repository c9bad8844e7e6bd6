import type { MigrationInterface, QueryRunner } from 'typeorm';

// After a large load (an import) the planner needs statistics of what was just loaded, before any
// autovacuum gets to it: a read planned on stale statistics can run for minutes. The one ANALYZE entry
// point the app role has (lead_analyze, from LeadsReadPath) gains a whole-load mode: every column of
// leads and the tables a load fills beside it, instead of only the columns a triage move changes.
export class LeadsAnalyzeAfterLoad1796627111764 implements MigrationInterface {
  name = 'LeadsAnalyzeAfterLoad1796627111764';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lead_analyze()`);
    await q.query(`CREATE FUNCTION lead_analyze(after_load boolean DEFAULT false) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtextextended('hotleads:lead-analyze', 0)) THEN
          RETURN false;
        END IF;
        IF after_load THEN
          ANALYZE leads;
          ANALYZE lead_search;
          ANALYZE lead_events;
        ELSE
          ANALYZE leads (status, priority, assignee_id, tags, deleted_at, updated_at, respond_by, first_contacted_at);
        END IF;
        RETURN true;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION lead_analyze(boolean) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION lead_analyze(boolean) TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lead_analyze(boolean)`);
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
}
