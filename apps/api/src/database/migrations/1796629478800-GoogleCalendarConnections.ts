import type { MigrationInterface, QueryRunner } from 'typeorm';

// Google Calendar becomes a provider, and the scheduler's due look-up pulls it like Zoho.
export class GoogleCalendarConnections1796629478800 implements MigrationInterface {
  name = 'GoogleCalendarConnections1796629478800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "integration_connections" DROP CONSTRAINT "ck_integration_connections_provider"`);
    await q.query(`ALTER TABLE "integration_connections" ADD CONSTRAINT "ck_integration_connections_provider" CHECK (provider IN ('acuity', 'webhook', 'zoho', 'google_calendar'))`);
    await q.query(dueFunction(`'zoho', 'google_calendar'`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(dueFunction(`'zoho'`));
    await q.query(`DELETE FROM integration_connections WHERE provider = 'google_calendar'`);
    await q.query(`ALTER TABLE "integration_connections" DROP CONSTRAINT "ck_integration_connections_provider"`);
    await q.query(`ALTER TABLE "integration_connections" ADD CONSTRAINT "ck_integration_connections_provider" CHECK (provider IN ('acuity', 'webhook', 'zoho'))`);
  }
}

function dueFunction(providers: string): string {
  return `CREATE OR REPLACE FUNCTION take_due_sync_connections(max_rows integer)
      RETURNS TABLE (id uuid, tenant_id uuid, provider text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          UPDATE integration_connections c SET next_sync_at = now() + make_interval(mins => c.sync_interval_minutes)
          FROM (SELECT d.id FROM integration_connections d
                WHERE d.provider IN (${providers}) AND d.status = 'active' AND NOT d.sync_paused AND (d.next_sync_at IS NULL OR d.next_sync_at <= now())
                ORDER BY d.next_sync_at NULLS FIRST LIMIT max_rows FOR UPDATE SKIP LOCKED) due
          WHERE c.id = due.id
          RETURNING c.id, c.tenant_id, c.provider;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`;
}
