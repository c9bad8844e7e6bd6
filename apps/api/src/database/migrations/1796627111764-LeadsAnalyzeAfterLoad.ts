import type { MigrationInterface, QueryRunner } from 'typeorm';

// After a large load (an import) the planner needs statistics of what was just loaded, before any
// autovacuum gets to it: a read planned on stale statistics can run for minutes. ANALYZE needs the
// table's owner, so the app role gets exactly this through a SECURITY DEFINER function.
export class LeadsAnalyzeAfterLoad1796627111764 implements MigrationInterface {
  name = 'LeadsAnalyzeAfterLoad1796627111764';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION leads_analyze() RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        ANALYZE leads;
        ANALYZE lead_search;
        ANALYZE lead_events;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION leads_analyze() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION leads_analyze() TO hotleads_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION leads_analyze()`);
  }
}
