import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboundWebhooks1796750000000 implements MigrationInterface {
  name = 'OutboundWebhooks1796750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbound_webhook_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "type" text NOT NULL, "source_id" uuid NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f9fab25bfff8cdb8806dd93b4c8" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_c26f8cd46508ca222f13cf011d" ON "outbound_webhook_events" ("source_id", "type") `);
    await q.query(`CREATE TABLE "outbound_webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "url" text NOT NULL, "description" text NOT NULL DEFAULT '', "events" text array NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "secret" text NOT NULL, "secret_key_id" text NOT NULL, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "disabled_reason" text, "disabled_at" TIMESTAMP WITH TIME ZONE, "failing_since" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a390def5bb33b4ad3dcc3c8faf1" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_eabb816ca8f98e4c8c6bd89de8" ON "outbound_webhook_endpoints" ("tenant_id") WHERE enabled`);
    await q.query(`CREATE INDEX "IDX_2ce707a5fac16482b91a9b374c" ON "outbound_webhook_endpoints" ("tenant_id", "created_at", "id") `);
    await q.query(`CREATE TABLE "outbound_webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "state" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_duration_ms" integer, "last_response_excerpt" text, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_outbound_webhook_deliveries_state" CHECK (state IN ('pending', 'succeeded', 'failed')), CONSTRAINT "PK_9cf98034cb8537dc07a20b6cf66" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_7c8fdea3d1f00b2f908697d85d" ON "outbound_webhook_deliveries" ("next_attempt_at") WHERE state = 'pending'`);
    await q.query(`CREATE INDEX "IDX_071f0a86bddada2242a7aebb6a" ON "outbound_webhook_deliveries" ("tenant_id", "endpoint_id", "created_at", "id") `);
    await q.query(`CREATE UNIQUE INDEX "IDX_5f2e8dc855dbd2f75ebc9cbff6" ON "outbound_webhook_deliveries" ("event_id", "endpoint_id") `);
    await q.query(`ALTER TABLE "outbound_webhook_events" ADD CONSTRAINT "FK_6fcbf8ba8065b10cdd05d2770b9" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "outbound_webhook_endpoints" ADD CONSTRAINT "FK_5254b897570e91922c135440c36" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "outbound_webhook_deliveries" ADD CONSTRAINT "FK_09fe8e5a6884e36e09bbbb2504c" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "outbound_webhook_deliveries" ADD CONSTRAINT "FK_aa5eb48a87f669904336e06d87f" FOREIGN KEY ("endpoint_id") REFERENCES "outbound_webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "outbound_webhook_deliveries" ADD CONSTRAINT "FK_1c168941ceff0e6a829fc7924ed" FOREIGN KEY ("event_id") REFERENCES "outbound_webhook_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Row-level security like every tenant table (0006). The sender's owner functions below work across
    // workspaces, so the policies also admit hotleads.cross_tenant, which only those functions turn on.
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    for (const table of ['outbound_webhook_endpoints', 'outbound_webhook_events', 'outbound_webhook_deliveries']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = ${tenant} OR ${cross}) WITH CHECK (tenant_id = ${tenant} OR ${cross})`);
    }
    for (const table of ['outbound_webhook_endpoints', 'outbound_webhook_deliveries']) {
      await q.query(`CREATE TRIGGER set_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()`);
    }

    // The outbox. Every lead change writes lead_events in its own transaction, so one statement trigger
    // there turns them into webhook events and one delivery per subscribed, enabled endpoint, in that same
    // transaction: a change exists exactly when its deliveries do, whichever code path made it. It runs as
    // the caller (row-level security applies) and costs one index probe when the workspace has no endpoint.
    await q.query(`CREATE FUNCTION outbound_webhooks_from_lead_events() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM outbound_webhook_endpoints w WHERE w.enabled AND w.tenant_id IN (SELECT n.tenant_id FROM new_lead_events n)) THEN
          RETURN NULL;
        END IF;
        WITH typed AS (
          SELECT n.id AS source_id, n.tenant_id, n.lead_id, n.data, n.created_at, t.type
          FROM new_lead_events n
          CROSS JOIN LATERAL unnest(CASE
              WHEN n.type = 'created' THEN ARRAY['lead.created']
              WHEN n.type = 'updated' THEN ARRAY['lead.updated']
                || CASE WHEN n.data->'changes' ? 'status' THEN ARRAY['lead.status_changed'] ELSE '{}'::text[] END
                || CASE WHEN n.data->'changes'->'assigneeId'->>'to' IS NOT NULL THEN ARRAY['lead.assigned'] ELSE '{}'::text[] END
              WHEN n.type IN ('resubmitted', 'updated_from_source', 'merged', 'released', 'contacted') THEN ARRAY['lead.updated']
              WHEN n.type = 'claimed' THEN ARRAY['lead.assigned']
              WHEN n.type = 'deleted' THEN ARRAY['lead.deleted']
              WHEN n.type = 'restored' THEN ARRAY['lead.restored']
              WHEN n.type = 'enriched' THEN ARRAY['lead.enriched']
              ELSE '{}'::text[] END) AS t(type)
        ), wanted AS (
          SELECT ty.*, w.id AS endpoint_id
          FROM typed ty JOIN outbound_webhook_endpoints w
            ON w.tenant_id = ty.tenant_id AND w.enabled AND (ty.type = ANY(w.events) OR 'lead.*' = ANY(w.events))
        ), events AS (
          INSERT INTO outbound_webhook_events (tenant_id, type, source_id, data, created_at)
          SELECT DISTINCT ON (x.source_id, x.type) x.tenant_id, x.type, x.source_id,
                 jsonb_build_object('lead', jsonb_build_object(
                   'id', l.id, 'name', l.name, 'email', l.email, 'phone', l.phone, 'company', l.company, 'source', l.source,
                   'status', l.status, 'priority', l.priority, 'assigneeId', l.assignee_id, 'score', l.score, 'tags', to_jsonb(l.tags),
                   'createdAt', l.created_at, 'updatedAt', l.updated_at, 'deletedAt', l.deleted_at))
                 || CASE WHEN x.data ? 'changes' THEN jsonb_build_object('changes', x.data->'changes') ELSE '{}'::jsonb END
                 || CASE WHEN x.type = 'lead.enriched' THEN jsonb_build_object('enrichment', x.data) ELSE '{}'::jsonb END,
                 x.created_at
          FROM wanted x JOIN leads l ON l.id = x.lead_id AND l.tenant_id = x.tenant_id
          ON CONFLICT (source_id, type) DO NOTHING
          RETURNING id, source_id, type
        )
        INSERT INTO outbound_webhook_deliveries (tenant_id, endpoint_id, event_id)
        SELECT x.tenant_id, x.endpoint_id, e.id FROM wanted x JOIN events e ON e.source_id = x.source_id AND e.type = x.type
        ON CONFLICT (event_id, endpoint_id) DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER outbound_webhooks AFTER INSERT ON lead_events REFERENCING NEW TABLE AS new_lead_events
      FOR EACH STATEMENT EXECUTE FUNCTION outbound_webhooks_from_lead_events()`);

    // sync.run_failed: a run that ends failed, in the transaction that records it.
    await q.query(`CREATE FUNCTION outbound_webhooks_from_sync_runs() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE event_id uuid;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM outbound_webhook_endpoints w WHERE w.enabled AND w.tenant_id = NEW.tenant_id AND 'sync.run_failed' = ANY(w.events)) THEN
          RETURN NULL;
        END IF;
        INSERT INTO outbound_webhook_events (tenant_id, type, source_id, data)
        SELECT NEW.tenant_id, 'sync.run_failed', NEW.id, jsonb_build_object('run', jsonb_build_object(
          'id', NEW.id, 'connectionId', NEW.connection_id, 'provider', c.provider, 'connectionName', c.name, 'stream', NEW.stream,
          'trigger', NEW.trigger, 'error', NEW.error, 'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at))
        FROM integration_connections c WHERE c.id = NEW.connection_id
        ON CONFLICT (source_id, type) DO NOTHING
        RETURNING id INTO event_id;
        IF event_id IS NOT NULL THEN
          INSERT INTO outbound_webhook_deliveries (tenant_id, endpoint_id, event_id)
          SELECT NEW.tenant_id, w.id, event_id FROM outbound_webhook_endpoints w
          WHERE w.enabled AND w.tenant_id = NEW.tenant_id AND 'sync.run_failed' = ANY(w.events)
          ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER outbound_webhooks AFTER UPDATE OF status ON sync_runs
      FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM 'failed') EXECUTE FUNCTION outbound_webhooks_from_sync_runs()`);

    // The sender's look across workspaces, owner functions the app role may only call. Taking due rows
    // skips those another sender holds and moves their next attempt a lease ahead in the same statement,
    // so replicas never send a row twice at once and a sender that dies leaves it due again after the lease.
    await q.query(`CREATE FUNCTION take_due_outbound_webhook_deliveries(max_rows integer, lease_seconds integer)
      RETURNS TABLE (id uuid, tenant_id uuid, endpoint_id uuid, attempts integer, event_id uuid, type text, data jsonb,
                     occurred_at timestamptz, url text, enabled boolean, secret text, secret_key_id text,
                     previous_secret_expires_at timestamptz, failing_since timestamptz)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          WITH due AS (
            SELECT d.id FROM outbound_webhook_deliveries d
            WHERE d.state = 'pending' AND d.next_attempt_at <= now()
            ORDER BY d.next_attempt_at LIMIT max_rows FOR UPDATE SKIP LOCKED
          ), taken AS (
            UPDATE outbound_webhook_deliveries d
               SET next_attempt_at = now() + make_interval(secs => lease_seconds), attempts = d.attempts + 1, last_attempt_at = now()
              FROM due WHERE d.id = due.id
            RETURNING d.id, d.tenant_id, d.endpoint_id, d.attempts, d.event_id
          )
          SELECT t.id, t.tenant_id, t.endpoint_id, t.attempts, e.id, e.type, e.data, e.created_at, w.url, w.enabled, w.secret,
                 w.secret_key_id, w.previous_secret_expires_at, w.failing_since
          FROM taken t JOIN outbound_webhook_events e ON e.id = t.event_id JOIN outbound_webhook_endpoints w ON w.id = t.endpoint_id;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`);
    // Records a batch of attempts in one statement, with each endpoint's run of failures (a success ends
    // it; a ping does not count). Rows no longer pending (retried by hand, cancelled) are left alone.
    await q.query(`CREATE FUNCTION finish_outbound_webhook_deliveries(results jsonb) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        UPDATE outbound_webhook_deliveries d
           SET state = r.state, next_attempt_at = r.next_attempt_at, last_status_code = r.status_code, last_duration_ms = r.duration_ms,
               last_response_excerpt = r.excerpt, last_error = r.error
          FROM jsonb_to_recordset(results) AS r(id uuid, state text, next_attempt_at timestamptz, status_code integer, duration_ms integer, excerpt text, error text)
         WHERE d.id = r.id AND d.state = 'pending';
        WITH r AS (SELECT * FROM jsonb_to_recordset(results) AS r(endpoint_id uuid, state text, counts boolean) WHERE r.counts),
             health AS (SELECT r.endpoint_id, bool_or(r.state = 'succeeded') AS ok FROM r GROUP BY r.endpoint_id)
        UPDATE outbound_webhook_endpoints w SET failing_since = CASE WHEN h.ok THEN NULL ELSE coalesce(w.failing_since, now()) END
          FROM health h
         WHERE w.id = h.endpoint_id AND (CASE WHEN h.ok THEN w.failing_since IS NOT NULL ELSE w.failing_since IS NULL END);
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`);
    for (const fn of ['take_due_outbound_webhook_deliveries(integer, integer)', 'finish_outbound_webhook_deliveries(jsonb)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hotleads_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS finish_outbound_webhook_deliveries(jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS take_due_outbound_webhook_deliveries(integer, integer)`);
    await q.query(`DROP TRIGGER IF EXISTS outbound_webhooks ON sync_runs`);
    await q.query(`DROP FUNCTION IF EXISTS outbound_webhooks_from_sync_runs()`);
    await q.query(`DROP TRIGGER IF EXISTS outbound_webhooks ON lead_events`);
    await q.query(`DROP FUNCTION IF EXISTS outbound_webhooks_from_lead_events()`);
    await q.query(`ALTER TABLE "outbound_webhook_deliveries" DROP CONSTRAINT "FK_1c168941ceff0e6a829fc7924ed"`);
    await q.query(`ALTER TABLE "outbound_webhook_deliveries" DROP CONSTRAINT "FK_aa5eb48a87f669904336e06d87f"`);
    await q.query(`ALTER TABLE "outbound_webhook_deliveries" DROP CONSTRAINT "FK_09fe8e5a6884e36e09bbbb2504c"`);
    await q.query(`ALTER TABLE "outbound_webhook_endpoints" DROP CONSTRAINT "FK_5254b897570e91922c135440c36"`);
    await q.query(`ALTER TABLE "outbound_webhook_events" DROP CONSTRAINT "FK_6fcbf8ba8065b10cdd05d2770b9"`);
    await q.query(`DROP INDEX "public"."IDX_5f2e8dc855dbd2f75ebc9cbff6"`);
    await q.query(`DROP INDEX "public"."IDX_071f0a86bddada2242a7aebb6a"`);
    await q.query(`DROP INDEX "public"."IDX_7c8fdea3d1f00b2f908697d85d"`);
    await q.query(`DROP TABLE "outbound_webhook_deliveries"`);
    await q.query(`DROP INDEX "public"."IDX_2ce707a5fac16482b91a9b374c"`);
    await q.query(`DROP INDEX "public"."IDX_eabb816ca8f98e4c8c6bd89de8"`);
    await q.query(`DROP TABLE "outbound_webhook_endpoints"`);
    await q.query(`DROP INDEX "public"."IDX_c26f8cd46508ca222f13cf011d"`);
    await q.query(`DROP TABLE "outbound_webhook_events"`);
  }
}
