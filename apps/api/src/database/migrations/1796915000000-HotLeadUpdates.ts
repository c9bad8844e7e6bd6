import type { MigrationInterface, QueryRunner } from 'typeorm';

// Cheaper writes of many leads (decision 0037): a bulk update or a rescoring pays for every index of
// leads on every row it writes, and for the statement triggers even when they have nothing to do.
// - The five sort-only indexes go (priority, quality, score, respond-by and follow-up sorts of the list):
//   no benchmarked query reads them, and each of them was one more entry to write per updated lead (the
//   score one made every rescored lead a non-HOT update). Those sorts now end in a top-N sort.
// - fillfactor 70 instead of 85: a batch rescores every lead of a page in one statement, and each new
//   version has to fit on the same page for the update to be HOT. Applies to pages written from now on.
// - The search document and stats rollup triggers skip a score-only statement (`hotleads.score_only`,
//   set by the rescoring, which writes score and score_reasons and nothing else): neither reads them.
// - The search document trigger runs only in a transaction where some update changed a searched column:
//   the row trigger leads_before_update marks it (`hotleads.search_stale`, transaction-local, never
//   cleared before the commit), so a bulk update of status, priority, assignee or tags no longer joins its
//   old and new rows to find that nothing searchable changed. The trigger still compares every row.
const NOT_SCORE_ONLY = `current_setting('hotleads.score_only', true) IS DISTINCT FROM 'on'`;
const SEARCH_STALE = `current_setting('hotleads.search_stale', true) = 'on'`;

// The row trigger of every update but a score-only one (LeadRules migration), plus the search mark.
function beforeUpdate(markSearch: boolean): string {
  const mark = markSearch
    ? `
        IF (NEW.name, NEW.email, NEW.phone, NEW.company, NEW.subject) IS DISTINCT FROM (OLD.name, OLD.email, OLD.phone, OLD.company, OLD.subject)
           AND current_setting('hotleads.search_stale', true) IS DISTINCT FROM 'on' THEN
          PERFORM set_config('hotleads.search_stale', 'on', true);
        END IF;`
    : '';
  return `CREATE OR REPLACE FUNCTION leads_before_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'contacted' AND OLD.status <> 'contacted' AND NEW.first_contacted_at IS NULL THEN
          NEW.first_contacted_at := now();
          NEW.last_contacted_at := greatest(coalesce(NEW.last_contacted_at, now()), now());
        END IF;
        IF NEW.priority <> OLD.priority AND NEW.first_contacted_at IS NULL THEN
          NEW.respond_by := NEW.created_at + make_interval(mins => lead_sla_minutes(NEW.tenant_id, NEW.priority));
        END IF;
        IF NEW.version = OLD.version THEN
          NEW.version := OLD.version + 1;
        END IF;${mark}
        RETURN NEW;
      END $$`;
}

export class HotLeadUpdates1796915000000 implements MigrationInterface {
  name = 'HotLeadUpdates1796915000000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of ['ix_leads_priority_sort', 'ix_leads_quality_sort', 'ix_leads_score_sort', 'ix_leads_respond_by_sort', 'ix_leads_follow_up_sort']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query(`ALTER TABLE leads SET (fillfactor = 70)`);

    await q.query(beforeUpdate(true));
    await q.query(`DROP TRIGGER lead_search_after_update ON leads`);
    await q.query(`CREATE TRIGGER lead_search_after_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_leads NEW TABLE AS new_leads
      FOR EACH STATEMENT WHEN (${SEARCH_STALE}) EXECUTE FUNCTION lead_search_after_update()`);
    await q.query(`DROP TRIGGER lead_stats_update ON leads`);
    await q.query(`CREATE TRIGGER lead_stats_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT WHEN (${NOT_SCORE_ONLY}) EXECUTE FUNCTION lead_stats_capture()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER lead_stats_update ON leads`);
    await q.query(`CREATE TRIGGER lead_stats_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION lead_stats_capture()`);
    await q.query(`DROP TRIGGER lead_search_after_update ON leads`);
    await q.query(`CREATE TRIGGER lead_search_after_update AFTER UPDATE ON leads REFERENCING OLD TABLE AS old_leads NEW TABLE AS new_leads
      FOR EACH STATEMENT EXECUTE FUNCTION lead_search_after_update()`);
    await q.query(beforeUpdate(false));
    await q.query(`ALTER TABLE leads SET (fillfactor = 85)`);
    await q.query(`CREATE INDEX ix_leads_follow_up_sort ON leads (tenant_id, (coalesce(follow_up_at, 'infinity'::timestamptz)), id)`);
    await q.query(`CREATE INDEX ix_leads_respond_by_sort ON leads (tenant_id, (coalesce(respond_by, 'infinity'::timestamptz)), id)`);
    await q.query(`CREATE INDEX ix_leads_score_sort ON leads (tenant_id, (coalesce(score, -1)), created_at, id)`);
    await q.query(`CREATE INDEX ix_leads_quality_sort ON leads (tenant_id, (coalesce(quality_score, -1)), created_at, id)`);
    await q.query(`CREATE INDEX ix_leads_priority_sort ON leads (tenant_id, lead_priority_rank(priority), created_at, id)`);
  }
}
