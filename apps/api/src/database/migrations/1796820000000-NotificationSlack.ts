import type { MigrationInterface, QueryRunner } from 'typeorm';

// Slack for notifications (issue 15): a workspace's incoming-webhook URLs, each for some kinds of
// notification, and one delivery row per (notification, Slack channel), written by a trigger in the
// transaction that wrote the notifications. A change that notifies several people at once (the on-duty
// group, the admins) posts once per Slack channel: the first notification of the group carries the delivery.

export class NotificationSlack1796820000000 implements MigrationInterface {
  name = 'NotificationSlack1796820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notification_slack_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tenant_id" uuid NOT NULL, "name" text NOT NULL, "kinds" text array NOT NULL, "url" text NOT NULL, "url_key_id" text NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" text, "last_sent_at" TIMESTAMP WITH TIME ZONE, "last_failed_at" TIMESTAMP WITH TIME ZONE, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_slack_channels_kinds" CHECK (kinds <@ ARRAY['hot_lead', 'sla_warning', 'sla_breach', 'integration_trouble']::text[] AND cardinality(kinds) > 0), CONSTRAINT "PK_8a0f3c1e2d7b4a5e9c6f1b2a3d4" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "IDX_8047ecedaa988d74beb877ef48" ON "notification_slack_channels" ("tenant_id") `);
    await q.query(`CREATE TABLE "notification_slack_deliveries" ("notification_id" bigint NOT NULL, "slack_channel_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lease_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_notification_slack_deliveries_status" CHECK (status IN ('pending', 'sent', 'skipped', 'failed')), CONSTRAINT "PK_3e5d7c9b1a2f4e6d8c0b2a4f6e8" PRIMARY KEY ("notification_id", "slack_channel_id"))`);
    await q.query(`CREATE INDEX "IDX_132cc2a9716b68492874ac3d60" ON "notification_slack_deliveries" ("next_attempt_at") WHERE status = 'pending'`);
    await q.query(`CREATE INDEX "IDX_db67721dcce1299850a38a9c41" ON "notification_slack_deliveries" ("slack_channel_id", "status") `);
    await q.query(`ALTER TABLE "notification_slack_channels" ADD CONSTRAINT "FK_8047ecedaa988d74beb877ef481" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_slack_deliveries" ADD CONSTRAINT "FK_b242d35473ee2dd56cf478f3fc6" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_slack_deliveries" ADD CONSTRAINT "FK_69069e2cd2ec41790b293a490e9" FOREIGN KEY ("slack_channel_id") REFERENCES "notification_slack_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_slack_deliveries" ADD CONSTRAINT "FK_4f629b00a042368d107fe48c951" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Row-level security like the other notification tables; the delivery queue's owner function looks
    // across workspaces.
    const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
    const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;
    for (const table of ['notification_slack_channels', 'notification_slack_deliveries']) {
      const rule = `tenant_id = ${tenant} OR ${cross}`;
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY tenant_isolation ON ${table} USING (${rule}) WITH CHECK (${rule})`);
    }

    // One Slack post per group of notifications a statement wrote about the same thing (kind, lead,
    // connection, timer target) and per enabled channel that takes that kind.
    await q.query(`CREATE FUNCTION notification_slack_outbox() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO notification_slack_deliveries (notification_id, slack_channel_id, tenant_id)
        SELECT g.first_id, c.id, g.tenant_id
        FROM (SELECT x.tenant_id, x.kind, min(x.id) AS first_id FROM new_rows x
              WHERE x.kind IN ('hot_lead', 'sla_warning', 'sla_breach', 'integration_trouble')
              GROUP BY x.tenant_id, x.kind, x.lead_id, x.data->>'connectionId', x.data->>'slackChannelId', x.data->>'endpointId', x.dedup_key) g
        JOIN notification_slack_channels c ON c.tenant_id = g.tenant_id AND c.enabled AND g.kind = ANY(c.kinds)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notification_slack_outbox AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION notification_slack_outbox()`);

    await q.query(`CREATE FUNCTION take_due_notification_slack_deliveries(max_rows integer, lease_seconds integer)
      RETURNS TABLE (notification_id bigint, slack_channel_id uuid, tenant_id uuid, attempts integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          UPDATE notification_slack_deliveries d SET lease_until = now() + make_interval(secs => lease_seconds), attempts = d.attempts + 1
          FROM (SELECT x.notification_id, x.slack_channel_id FROM notification_slack_deliveries x
                WHERE x.status = 'pending' AND x.next_attempt_at <= now() AND (x.lease_until IS NULL OR x.lease_until < now())
                ORDER BY x.next_attempt_at LIMIT max_rows FOR UPDATE SKIP LOCKED) due
          WHERE d.notification_id = due.notification_id AND d.slack_channel_id = due.slack_channel_id
          RETURNING d.notification_id, d.slack_channel_id, d.tenant_id, d.attempts;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END $$`);

    // Tells the people who manage integrations of trouble the app found (a Slack channel or a webhook
    // endpoint turned off). Same recipients and outbox rows as the triggers of the Notifications migration;
    // built-in roles as libs/shared roles.ts has them today, custom roles by their permissions.
    await q.query(`CREATE FUNCTION notify_integration_admins(p_tenant_id uuid, p_data jsonb, OUT created bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        WITH stored AS (
          INSERT INTO notifications (tenant_id, recipient_id, kind, data)
          SELECT u.tenant_id, u.id, 'integration_trouble', p_data
          FROM users u JOIN roles ro ON ro.id = u.role_id
          WHERE u.tenant_id = p_tenant_id AND u.status = 'active'
            AND (ro.key IN ('owner', 'admin') OR (ro.key IS NULL AND 'integrations:manage' = ANY(ro.permissions)))
          RETURNING id, tenant_id
        )
        INSERT INTO notification_deliveries (notification_id, channel, tenant_id) SELECT id, 'email', tenant_id FROM stored;
        GET DIAGNOSTICS created = ROW_COUNT;
      END $$`);
    for (const fn of ['take_due_notification_slack_deliveries(integer, integer)', 'notify_integration_admins(uuid, jsonb)']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO hotleads_app`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS notify_integration_admins(uuid, jsonb)`);
    await q.query(`DROP FUNCTION IF EXISTS take_due_notification_slack_deliveries(integer, integer)`);
    await q.query(`DROP TRIGGER IF EXISTS notification_slack_outbox ON notifications`);
    await q.query(`DROP FUNCTION IF EXISTS notification_slack_outbox()`);
    await q.query(`ALTER TABLE "notification_slack_deliveries" DROP CONSTRAINT "FK_4f629b00a042368d107fe48c951"`);
    await q.query(`ALTER TABLE "notification_slack_deliveries" DROP CONSTRAINT "FK_69069e2cd2ec41790b293a490e9"`);
    await q.query(`ALTER TABLE "notification_slack_deliveries" DROP CONSTRAINT "FK_b242d35473ee2dd56cf478f3fc6"`);
    await q.query(`ALTER TABLE "notification_slack_channels" DROP CONSTRAINT "FK_8047ecedaa988d74beb877ef481"`);
    await q.query(`DROP INDEX "public"."IDX_db67721dcce1299850a38a9c41"`);
    await q.query(`DROP INDEX "public"."IDX_132cc2a9716b68492874ac3d60"`);
    await q.query(`DROP TABLE "notification_slack_deliveries"`);
    await q.query(`DROP INDEX "public"."IDX_8047ecedaa988d74beb877ef48"`);
    await q.query(`DROP TABLE "notification_slack_channels"`);
  }
}
