import type { MigrationInterface, QueryRunner } from 'typeorm';

// Announces changes to webhook deliveries on the live stream (`delivery.changed`), so the connection page
// shows new deliveries and their state changes without a reload.
export class DeliveryLiveEvents1796626231070 implements MigrationInterface {
  name = 'DeliveryLiveEvents1796626231070';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "live_events" DROP CONSTRAINT "ck_live_events_type"`);
    await q.query(`ALTER TABLE "live_events" ADD CONSTRAINT "ck_live_events_type" CHECK (type IN ('lead.created', 'lead.updated', 'lead.deleted', 'delivery.changed'))`);

    // Statement-level like the leads triggers, one row per statement and tenant with the count and no ids
    // (an API key's stream may read them). A NOTIFY serialises the commits of every transaction that sends
    // one (PostgreSQL takes a database-wide lock for it at commit), which cut the acknowledgment path's
    // single-delivery transactions to a quarter of their rate when measured. So a delivery stored as
    // `received` (the acknowledgment) is not announced itself: its processing, a moment later, updates it in
    // the transaction that writes its lead (which notifies already), and that update is announced. Only
    // deliveries stored final from the start (rejected, duplicate), which no processing touches, are
    // announced on insert. (A connection's deletion cascades to its deliveries unannounced: its page goes.)
    const capture = (filter: string) => `
        FOR e IN
          INSERT INTO live_events (tenant_id, type, count)
          SELECT x.tenant_id, 'delivery.changed', count(*)::integer FROM new_rows x ${filter} GROUP BY x.tenant_id ORDER BY x.tenant_id
          RETURNING id, tenant_id
        LOOP
          PERFORM pg_notify('hotleads_live', e.tenant_id::text || ':' || e.id::text);
        END LOOP;`;
    await q.query(`CREATE FUNCTION live_events_deliveries() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE e record;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${capture(`WHERE x.state <> 'received'`)}
        ELSE
          ${capture('')}
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER live_events_insert AFTER INSERT ON webhook_deliveries REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_deliveries()`);
    await q.query(`CREATE TRIGGER live_events_update AFTER UPDATE ON webhook_deliveries REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_deliveries()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update']) await q.query(`DROP TRIGGER IF EXISTS live_events_${event} ON webhook_deliveries`);
    await q.query(`DROP FUNCTION IF EXISTS live_events_deliveries()`);
    await q.query(`DELETE FROM live_events WHERE type = 'delivery.changed'`);
    await q.query(`ALTER TABLE "live_events" DROP CONSTRAINT "ck_live_events_type"`);
    await q.query(`ALTER TABLE "live_events" ADD CONSTRAINT "ck_live_events_type" CHECK (type IN ('lead.created', 'lead.updated', 'lead.deleted'))`);
  }
}
