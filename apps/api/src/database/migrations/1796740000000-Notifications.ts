import type { MigrationInterface, QueryRunner } from 'typeorm';

// Notifications (issue 15): the in-app list, the email outbox, workspace settings and user preferences, the
// database producers (lead timeline, connections, sync runs, the timer scan) and their live announcement.

export class Notifications1796740000000 implements MigrationInterface {
  name = 'Notifications1796740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "tenant_id" uuid NOT NULL, "recipient_id" uuid NOT NULL, "kind" text NOT NULL, "lead_id" uuid, "actor_id" uuid, "data" jsonb NOT NULL DEFAULT '{}', "dedup_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_notifications_kind" CHECK (kind IN ('lead_assigned', 'hot_lead', 'mention', 'follow_up_due', 'sla_warning', 'sla_breach', 'integration_trouble')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "IDX_cc64e583ef0db14bf51c837ded" ON "notifications" ("tenant_id", "recipient_id", "kind", "dedup_key") `);
    await q.query(`CREATE INDEX "IDX_b474c37385f82dd3a8bf245b4c" ON "notifications" ("tenant_id", "recipient_id", "id") `);
    await q.query(`CREATE TABLE "notification_settings" ("tenant_id" uuid NOT NULL, "on_duty_user_ids" uuid array NOT NULL DEFAULT '{}', "hot_lead_score" smallint, "escalation_percent" smallint NOT NULL DEFAULT '80', "defaults" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fb263cb5ff30c4a95f96f936f76" PRIMARY KEY ("tenant_id"))`);
    await q.query(`CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "channels" jsonb NOT NULL DEFAULT '{}', "email_mode" text NOT NULL DEFAULT 'instant', "quiet_start" smallint, "quiet_end" smallint, "time_zone" text NOT NULL DEFAULT 'UTC', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_preferences_email_mode" CHECK (email_mode IN ('instant', 'digest')), CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id"))`);
    await q.query(`CREATE TABLE "notification_deliveries" ("notification_id" bigint NOT NULL, "channel" text NOT NULL, "tenant_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_deliveries_status" CHECK (status IN ('pending', 'sent', 'skipped', 'failed')), CONSTRAINT "ck_notification_deliveries_channel" CHECK (channel IN ('email')), CONSTRAINT "PK_1e7ea14e7f96c20db155b8b970e" PRIMARY KEY ("notification_id", "channel"))`);
    await q.query(`CREATE INDEX "IDX_9421e633d75ed6140da414f850" ON "notification_deliveries" ("next_attempt_at") WHERE status = 'pending'`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_d93ddd7e1b890535ecafbb334ec" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_cceedd22c5bf1ff1b2fb9a4b17c" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_settings" ADD CONSTRAINT "FK_fb263cb5ff30c4a95f96f936f76" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "FK_64c90edc7310c6be7c10c96f675" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "FK_e907e614e2cc6216ac076eb75e5" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_435486b970fffc3e33a7450ee97" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_deliveries" ADD CONSTRAINT "FK_3a8f3bef549f468f0ea16a37f0b" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "live_events" DROP CONSTRAINT "ck_live_events_type"`);
    await q.query(`ALTER TABLE "live_events" ADD CONSTRAINT "ck_live_events_type" CHECK (type IN ('lead.created', 'lead.updated', 'lead.deleted', 'delivery.changed', 'notification.changed'))`);

    // Row-level security like every tenant table (0006). notifications and notification_deliveries also let
    // the owner functions below through (the timer scan and the delivery queue look across workspaces), as does
    // notification_settings (the scan reads each workspace's share and on-duty group).
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    for (const table of ['notifications', 'notification_deliveries', 'notification_settings', 'notification_preferences']) {
      const rule = table !== 'notification_preferences' ? `tenant_id = ${tenant} OR ${cross}` : `tenant_id = ${tenant}`;
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (${rule}) WITH CHECK (${rule})`);
    }
    await q.query(`CREATE INDEX "ix_notifications_unread" ON "notifications" ("tenant_id", "recipient_id") WHERE read_at IS NULL`);

    // Every notification gets an email delivery row (the outbox); whether and when it is sent (preferences,
    // digest, quiet hours) is decided by the sender, so the rules of a user's choices live in one place.
    const store = (produced: string) => `
      WITH stored AS (
        INSERT INTO notifications (tenant_id, recipient_id, kind, lead_id, actor_id, data, dedup_key)
        SELECT p.tenant_id, p.recipient_id, p.kind, p.lead_id, p.actor_id, p.data, p.dedup_key
        FROM (${produced}) p
        JOIN users u ON u.id = p.recipient_id AND u.tenant_id = p.tenant_id AND u.status = 'active'
        ON CONFLICT DO NOTHING
        RETURNING id, tenant_id
      )
      INSERT INTO notification_deliveries (notification_id, channel, tenant_id) SELECT id, 'email', tenant_id FROM stored`;

    // The producer of lead notifications: whatever path wrote the timeline (API, forms, webhooks, rules,
    // bulk), the notifications commit or roll back with it. One statement per triggering statement.
    await q.query(`CREATE FUNCTION notifications_from_lead_events() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        ${store(`
          -- Assigned to you, by a person (not yourself) or a rule.
          SELECT e.tenant_id, (e.data->'changes'->'assigneeId'->>'to')::uuid AS recipient_id, 'lead_assigned'::text AS kind, e.lead_id,
                 e.actor_id, jsonb_strip_nulls(jsonb_build_object('rule', e.data->'rule')) AS data, NULL::text AS dedup_key
          FROM new_rows e
          WHERE e.type = 'updated' AND (e.data->'changes'->'assigneeId'->>'to') ~ '^[0-9a-fA-F-]{36}$'
            AND e.actor_id IS DISTINCT FROM (e.data->'changes'->'assigneeId'->>'to')::uuid
          UNION ALL
          -- A new hot lead (urgent, or scored at or above the workspace threshold): its assignee, else the on-duty group.
          SELECT e.tenant_id, r.user_id, 'hot_lead', e.lead_id, e.actor_id, jsonb_build_object('priority', l.priority, 'score', l.score), NULL
          FROM new_rows e
          JOIN leads l ON l.id = e.lead_id AND l.tenant_id = e.tenant_id
          LEFT JOIN notification_settings ns ON ns.tenant_id = e.tenant_id
          CROSS JOIN LATERAL unnest(CASE WHEN l.assignee_id IS NOT NULL THEN ARRAY[l.assignee_id] ELSE coalesce(ns.on_duty_user_ids, '{}') END) AS r(user_id)
          WHERE e.type = 'created' AND (l.priority = 'urgent' OR (ns.hot_lead_score IS NOT NULL AND l.score >= ns.hot_lead_score))
          UNION ALL
          -- @handle in a note: the part of the address before @, or the name without spaces (any case).
          SELECT DISTINCT e.tenant_id, u.id, 'mention', e.lead_id, e.actor_id, jsonb_build_object('excerpt', left(e.data->>'body', 200)), NULL
          FROM new_rows e
          CROSS JOIN LATERAL (SELECT DISTINCT rtrim(lower(m[1]), '.-_') AS handle FROM regexp_matches(e.data->>'body', '@([A-Za-z0-9._-]+)', 'g') m) h
          JOIN users u ON u.tenant_id = e.tenant_id AND (lower(split_part(u.email, '@', 1)) = h.handle OR lower(replace(u.name, ' ', '')) = h.handle)
          WHERE e.type = 'note' AND strpos(e.data->>'body', '@') > 0 AND u.id IS DISTINCT FROM e.actor_id`)};
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notifications_from_lead_events AFTER INSERT ON lead_events REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION notifications_from_lead_events()`);

    // Integration trouble, to whoever manages integrations: a connection that went needs_attention, and a
    // sync stream's third failed run in a row (once, not again at the fourth).
    // Built-in roles keep their permissions in code (libs/shared roles.ts, copied here as it is today); custom
    // roles in roles.permissions.
    const holders = (permission: string, builtIn: string[], tenantExpr: string) =>
      `SELECT u.id FROM users u JOIN roles ro ON ro.id = u.role_id
       WHERE u.tenant_id = ${tenantExpr} AND (ro.key IN (${builtIn.map((k) => `'${k}'`).join(', ')}) OR (ro.key IS NULL AND '${permission}' = ANY(ro.permissions)))`;
    const admins = (tenantExpr: string) => holders('integrations:manage', ['owner', 'admin'], tenantExpr);
    await q.query(`CREATE FUNCTION notifications_from_connections() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        ${store(`
          SELECT NEW.tenant_id, a.id AS recipient_id, 'integration_trouble'::text AS kind, NULL::uuid AS lead_id, NULL::uuid AS actor_id,
                 jsonb_build_object('reason', 'needs_attention', 'connectionId', NEW.id, 'connection', NEW.name, 'provider', NEW.provider) AS data, NULL::text AS dedup_key
          FROM (${admins('NEW.tenant_id')}) a`)};
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notifications_from_connections AFTER UPDATE OF status ON integration_connections
      FOR EACH ROW WHEN (NEW.status = 'needs_attention' AND OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notifications_from_connections()`);
    await q.query(`CREATE FUNCTION notifications_from_sync_runs() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF (SELECT count(*) FILTER (WHERE x.n <= 3 AND x.status = 'failed') = 3 AND count(*) FILTER (WHERE x.n = 4 AND x.status = 'failed') = 0
            FROM (SELECT r.status, row_number() OVER (ORDER BY r.started_at DESC, r.id DESC) AS n
                  FROM sync_runs r WHERE r.connection_id = NEW.connection_id AND r.stream = NEW.stream AND r.status <> 'running' AND r.status <> 'skipped'
                  ORDER BY r.started_at DESC, r.id DESC LIMIT 4) x) THEN
          ${store(`
            SELECT NEW.tenant_id, a.id AS recipient_id, 'integration_trouble'::text AS kind, NULL::uuid AS lead_id, NULL::uuid AS actor_id,
                   jsonb_build_object('reason', 'sync_failed', 'connectionId', NEW.connection_id, 'connection', c.name, 'provider', c.provider, 'stream', NEW.stream) AS data,
                   NULL::text AS dedup_key
            FROM integration_connections c CROSS JOIN (${admins('NEW.tenant_id')}) a WHERE c.id = NEW.connection_id`)};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notifications_from_sync_runs AFTER UPDATE OF status ON sync_runs
      FOR EACH ROW WHEN (NEW.status = 'failed' AND OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION notifications_from_sync_runs()`);

    // The clock's notifications, for every workspace at \`at\` (the scan job passes now; tests pass their own):
    // a follow-up date reached (to the assignee), the SLA warning at the workspace's share of the response
    // target (to the assignee, else the on-duty group) and the breach (to the assignee and the managers).
    // Each once per lead and target (dedup_key holds the target time), and only for targets of the last day,
    // so a first scan does not dig up every old breach.
    const crossTenant = (body: string) => `
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        ${body}
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END`;
    const waiting = `l.first_contacted_at IS NULL AND l.status IN ('unread', 'processing') AND l.deleted_at IS NULL`;
    const key = (prefix: string, column: string) => `'${prefix}:' || l.id::text || ':' || (extract(epoch FROM l.${column}) * 1000)::bigint::text`;
    await q.query(`CREATE FUNCTION notification_timers_scan(at timestamptz, OUT created bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      ${crossTenant(`
        ${store(`
          SELECT l.tenant_id, l.assignee_id AS recipient_id, 'follow_up_due'::text AS kind, l.id AS lead_id, NULL::uuid AS actor_id,
                 jsonb_build_object('followUpAt', l.follow_up_at) AS data, ${key('follow_up', 'follow_up_at')} AS dedup_key
          FROM leads l
          WHERE l.follow_up_at <= at AND l.follow_up_at > at - interval '1 day' AND l.assignee_id IS NOT NULL AND l.deleted_at IS NULL
          UNION ALL
          SELECT l.tenant_id, r.user_id, 'sla_warning', l.id, NULL, jsonb_build_object('respondBy', l.respond_by), ${key('sla', 'respond_by')}
          FROM leads l
          LEFT JOIN notification_settings ns ON ns.tenant_id = l.tenant_id
          CROSS JOIN LATERAL unnest(CASE WHEN l.assignee_id IS NOT NULL THEN ARRAY[l.assignee_id] ELSE coalesce(ns.on_duty_user_ids, '{}') END) AS r(user_id)
          WHERE ${waiting} AND l.respond_by > at AND l.created_at <= at
            AND l.created_at + (l.respond_by - l.created_at) * (coalesce(ns.escalation_percent, 80) / 100.0) <= at
          UNION ALL
          SELECT l.tenant_id, r.user_id, 'sla_breach', l.id, NULL, jsonb_build_object('respondBy', l.respond_by), ${key('sla', 'respond_by')}
          FROM leads l
          CROSS JOIN LATERAL (SELECT l.assignee_id WHERE l.assignee_id IS NOT NULL
                              UNION ${holders('leads:assign', ['owner', 'admin', 'manager'], 'l.tenant_id')}) AS r(user_id)
          WHERE ${waiting} AND l.respond_by <= at AND l.respond_by > at - interval '1 day'`)};
        GET DIAGNOSTICS created = ROW_COUNT;`)}
      $$`);

    // The delivery queue: takes up to max_rows due rows (skipping those another worker holds) and leases them.
    await q.query(`CREATE FUNCTION take_due_notification_deliveries(max_rows integer, lease_seconds integer)
      RETURNS TABLE (notification_id bigint, channel text, tenant_id uuid, attempts integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      ${crossTenant(`
        RETURN QUERY
          UPDATE notification_deliveries d SET lease_until = now() + make_interval(secs => lease_seconds), attempts = d.attempts + 1
          FROM (SELECT x.notification_id, x.channel FROM notification_deliveries x
                WHERE x.status = 'pending' AND x.next_attempt_at <= now() AND (x.lease_until IS NULL OR x.lease_until < now())
                ORDER BY x.next_attempt_at LIMIT max_rows FOR UPDATE SKIP LOCKED) due
          WHERE d.notification_id = due.notification_id AND d.channel = due.channel
          RETURNING d.notification_id, d.channel, d.tenant_id, d.attempts;`)}
      $$`);
    for (const fn of ['notification_timers_scan(timestamptz)', 'take_due_notification_deliveries(integer, integer)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hotleads_app`);
    }

    // Live: each statement that adds or reads notifications is announced (count only) so clients refetch.
    await q.query(`CREATE FUNCTION live_events_notifications() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE e record;
      BEGIN
        FOR e IN
          INSERT INTO live_events (tenant_id, type, count)
          SELECT x.tenant_id, 'notification.changed', count(*)::integer FROM new_rows x GROUP BY x.tenant_id ORDER BY x.tenant_id
          RETURNING id, tenant_id
        LOOP
          PERFORM pg_notify('hotleads_live', e.tenant_id::text || ':' || e.id::text);
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER live_events_insert AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_notifications()`);
    await q.query(`CREATE TRIGGER live_events_update AFTER UPDATE ON notifications REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION live_events_notifications()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS live_events_update ON notifications`);
    await q.query(`DROP TRIGGER IF EXISTS live_events_insert ON notifications`);
    await q.query(`DROP FUNCTION IF EXISTS live_events_notifications()`);
    await q.query(`DROP FUNCTION IF EXISTS take_due_notification_deliveries(integer, integer)`);
    await q.query(`DROP FUNCTION IF EXISTS notification_timers_scan(timestamptz)`);
    await q.query(`DROP TRIGGER IF EXISTS notifications_from_sync_runs ON sync_runs`);
    await q.query(`DROP FUNCTION IF EXISTS notifications_from_sync_runs()`);
    await q.query(`DROP TRIGGER IF EXISTS notifications_from_connections ON integration_connections`);
    await q.query(`DROP FUNCTION IF EXISTS notifications_from_connections()`);
    await q.query(`DROP TRIGGER IF EXISTS notifications_from_lead_events ON lead_events`);
    await q.query(`DROP FUNCTION IF EXISTS notifications_from_lead_events()`);
    await q.query(`DELETE FROM live_events WHERE type = 'notification.changed'`);
    await q.query(`ALTER TABLE "live_events" DROP CONSTRAINT "ck_live_events_type"`);
    await q.query(`ALTER TABLE "live_events" ADD CONSTRAINT "ck_live_events_type" CHECK (type IN ('lead.created', 'lead.updated', 'lead.deleted', 'delivery.changed'))`);
    await q.query(`DROP INDEX IF EXISTS "ix_notifications_unread"`);
    await q.query(`ALTER TABLE "notification_deliveries" DROP CONSTRAINT "FK_3a8f3bef549f468f0ea16a37f0b"`);
    await q.query(`ALTER TABLE "notification_deliveries" DROP CONSTRAINT "FK_435486b970fffc3e33a7450ee97"`);
    await q.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_e907e614e2cc6216ac076eb75e5"`);
    await q.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "FK_64c90edc7310c6be7c10c96f675"`);
    await q.query(`ALTER TABLE "notification_settings" DROP CONSTRAINT "FK_fb263cb5ff30c4a95f96f936f76"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_cceedd22c5bf1ff1b2fb9a4b17c"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_5332a4daa46fd3f4e6625dd275d"`);
    await q.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_d93ddd7e1b890535ecafbb334ec"`);
    await q.query(`DROP INDEX "public"."IDX_9421e633d75ed6140da414f850"`);
    await q.query(`DROP TABLE "notification_deliveries"`);
    await q.query(`DROP TABLE "notification_preferences"`);
    await q.query(`DROP TABLE "notification_settings"`);
    await q.query(`DROP INDEX "public"."IDX_b474c37385f82dd3a8bf245b4c"`);
    await q.query(`DROP INDEX "public"."IDX_cc64e583ef0db14bf51c837ded"`);
    await q.query(`DROP TABLE "notifications"`);
  }
}
