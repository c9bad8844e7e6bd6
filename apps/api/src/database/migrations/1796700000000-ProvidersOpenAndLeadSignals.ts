import type { MigrationInterface, QueryRunner } from 'typeorm';

// Three things several features build on at once, so each does not redo them:
// - the provider name is a closed set in code only (integration-values.ts); the database bounds its shape,
//   so a new provider needs no migration that rewrites a list another branch also rewrites;
// - the scheduler's due look-up takes the pull providers from the caller instead of a list in SQL;
// - leads get the computed score with its reasons and the enrichment summary columns.
export class ProvidersOpenAndLeadSignals1796700000000 implements MigrationInterface {
  name = 'ProvidersOpenAndLeadSignals1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "integration_connections" DROP CONSTRAINT "ck_integration_connections_provider"`);
    await q.query(`ALTER TABLE "integration_connections" ADD CONSTRAINT "ck_integration_connections_provider" CHECK (provider ~ '^[a-z][a-z0-9_]{1,39}$')`);
    await q.query(`DROP FUNCTION IF EXISTS take_due_sync_connections(integer)`);
    await q.query(`CREATE FUNCTION take_due_sync_connections(max_rows integer, providers text[])
      RETURNS TABLE (id uuid, tenant_id uuid, provider text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          UPDATE integration_connections c SET next_sync_at = now() + make_interval(mins => c.sync_interval_minutes)
          FROM (SELECT d.id FROM integration_connections d
                WHERE d.provider = ANY (providers) AND d.status = 'active' AND NOT d.sync_paused AND (d.next_sync_at IS NULL OR d.next_sync_at <= now())
                ORDER BY d.next_sync_at NULLS FIRST LIMIT max_rows FOR UPDATE SKIP LOCKED) due
          WHERE c.id = due.id
          RETURNING c.id, c.tenant_id, c.provider;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION take_due_sync_connections(integer, text[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION take_due_sync_connections(integer, text[]) TO hotleads_app`);
    await q.query(`ALTER TABLE "leads" ADD "score" smallint`);
    await q.query(`ALTER TABLE "leads" ADD "score_reasons" jsonb`);
    await q.query(`ALTER TABLE "leads" ADD "email_verdict" text`);
    await q.query(`ALTER TABLE "leads" ADD "phone_valid" boolean`);
    await q.query(`ALTER TABLE "leads" ADD "phone_line_type" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of ['phone_line_type', 'phone_valid', 'email_verdict', 'score_reasons', 'score']) {
      await q.query(`ALTER TABLE "leads" DROP COLUMN "${column}"`);
    }
    await q.query(`DROP FUNCTION IF EXISTS take_due_sync_connections(integer, text[])`);
    await q.query(`CREATE FUNCTION take_due_sync_connections(max_rows integer)
      RETURNS TABLE (id uuid, tenant_id uuid, provider text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          UPDATE integration_connections c SET next_sync_at = now() + make_interval(mins => c.sync_interval_minutes)
          FROM (SELECT d.id FROM integration_connections d
                WHERE d.provider IN ('zoho', 'google_calendar') AND d.status = 'active' AND NOT d.sync_paused AND (d.next_sync_at IS NULL OR d.next_sync_at <= now())
                ORDER BY d.next_sync_at NULLS FIRST LIMIT max_rows FOR UPDATE SKIP LOCKED) due
          WHERE c.id = due.id
          RETURNING c.id, c.tenant_id, c.provider;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION take_due_sync_connections(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION take_due_sync_connections(integer) TO hotleads_app`);
    await q.query(`ALTER TABLE "integration_connections" DROP CONSTRAINT "ck_integration_connections_provider"`);
    await q.query(`ALTER TABLE "integration_connections" ADD CONSTRAINT "ck_integration_connections_provider" CHECK (provider IN ('acuity', 'webhook', 'zoho', 'google_calendar'))`);
  }
}
