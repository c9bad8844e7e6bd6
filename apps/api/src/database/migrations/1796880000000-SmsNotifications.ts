import type { MigrationInterface, QueryRunner } from 'typeorm';

// SMS notifications (issue 15): users' verified numbers, an `sms` channel in the delivery outbox (rows
// written by a trigger with the notifications, for hot leads and breaches, when the recipient has a verified
// number and the workspace an active Twilio connection), a delivery queue per channel, and the hot-lead
// fallback: an unassigned hot lead in a workspace whose on-duty group names no active user goes to the
// people who may assign leads (owner, admin, manager, custom roles with leads:assign), the same people an
// SLA breach already reaches.

const tenant = `(SELECT nullif(current_setting('hotleads.tenant_id', true), '')::uuid)`;
const cross = `(SELECT current_setting('hotleads.cross_tenant', true)) = 'on'`;

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

// Built-in roles as libs/shared roles.ts has them today; custom roles by their permissions.
const assigners = (tenantExpr: string) =>
  `SELECT u.id FROM users u JOIN roles ro ON ro.id = u.role_id
   WHERE u.tenant_id = ${tenantExpr} AND u.status = 'active' AND (ro.key IN ('owner', 'admin', 'manager') OR (ro.key IS NULL AND 'leads:assign' = ANY(ro.permissions)))`;

const leadEvents = (hotLeadRecipients: string) => `CREATE OR REPLACE FUNCTION notifications_from_lead_events() RETURNS trigger
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
          -- A new hot lead (urgent, or scored at or above the workspace threshold).
          SELECT e.tenant_id, r.user_id, 'hot_lead', e.lead_id, e.actor_id, jsonb_build_object('priority', l.priority, 'score', l.score), NULL
          FROM new_rows e
          JOIN leads l ON l.id = e.lead_id AND l.tenant_id = e.tenant_id
          LEFT JOIN notification_settings ns ON ns.tenant_id = e.tenant_id
          CROSS JOIN LATERAL unnest(${hotLeadRecipients}) AS r(user_id)
          WHERE e.type = 'created' AND (l.priority = 'urgent' OR (ns.hot_lead_score IS NOT NULL AND l.score >= ns.hot_lead_score))
          UNION ALL
          -- @handle in a note: the part of the address before @, or the name without spaces (any case).
          SELECT DISTINCT e.tenant_id, u.id, 'mention', e.lead_id, e.actor_id, jsonb_build_object('excerpt', left(e.data->>'body', 200)), NULL
          FROM new_rows e
          CROSS JOIN LATERAL (SELECT DISTINCT rtrim(lower(m[1]), '.-_') AS handle FROM regexp_matches(e.data->>'body', '@([A-Za-z0-9._-]+)', 'g') m) h
          JOIN users u ON u.tenant_id = e.tenant_id AND (lower(split_part(u.email, '@', 1)) = h.handle OR lower(replace(u.name, ' ', '')) = h.handle)
          WHERE e.type = 'note' AND strpos(e.data->>'body', '@') > 0 AND u.id IS DISTINCT FROM e.actor_id`)};
        RETURN NULL;
      END $$`;

// The assignee; else the on-duty group while it names an active user; else whoever may assign leads.
const HOT_LEAD_RECIPIENTS = `CASE
            WHEN l.assignee_id IS NOT NULL THEN ARRAY[l.assignee_id]
            WHEN EXISTS (SELECT 1 FROM users d WHERE d.tenant_id = e.tenant_id AND d.status = 'active' AND d.id = ANY(coalesce(ns.on_duty_user_ids, '{}'))) THEN ns.on_duty_user_ids
            ELSE ARRAY(${assigners('e.tenant_id')})
          END`;
const HOT_LEAD_RECIPIENTS_BEFORE = `CASE WHEN l.assignee_id IS NOT NULL THEN ARRAY[l.assignee_id] ELSE coalesce(ns.on_duty_user_ids, '{}') END`;

// One Slack post per group of notifications a statement wrote about the same thing, as the NotificationSlack
// migration has it; a user's own notice about their number (which carries the number) is not team news.
const slackOutbox = (personal: string) => `CREATE OR REPLACE FUNCTION notification_slack_outbox() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO notification_slack_deliveries (notification_id, slack_channel_id, tenant_id)
        SELECT g.first_id, c.id, g.tenant_id
        FROM (SELECT x.tenant_id, x.kind, min(x.id) AS first_id FROM new_rows x
              WHERE x.kind IN ('hot_lead', 'sla_warning', 'sla_breach', 'integration_trouble')${personal}
              GROUP BY x.tenant_id, x.kind, x.lead_id, x.data->>'connectionId', x.data->>'slackChannelId', x.data->>'endpointId', x.dedup_key) g
        JOIN notification_slack_channels c ON c.tenant_id = g.tenant_id AND c.enabled AND g.kind = ANY(c.kinds)
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`;

const takeDue = (withChannel: boolean) => `CREATE FUNCTION take_due_notification_deliveries(${withChannel ? 'p_channel text, ' : ''}max_rows integer, lease_seconds integer)
      RETURNS TABLE (notification_id bigint, channel text, tenant_id uuid, attempts integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        RETURN QUERY
          UPDATE notification_deliveries d SET lease_until = now() + make_interval(secs => lease_seconds), attempts = d.attempts + 1
          FROM (SELECT x.notification_id, x.channel FROM notification_deliveries x
                WHERE x.status = 'pending' AND x.next_attempt_at <= now() AND (x.lease_until IS NULL OR x.lease_until < now())${withChannel ? ' AND x.channel = p_channel' : ''}
                ORDER BY x.next_attempt_at LIMIT max_rows FOR UPDATE SKIP LOCKED) due
          WHERE d.notification_id = due.notification_id AND d.channel = due.channel
          RETURNING d.notification_id, d.channel, d.tenant_id, d.attempts;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END $$`;

export class SmsNotifications1796880000000 implements MigrationInterface {
  name = 'SmsNotifications1796880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notification_sms_numbers" ("user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "phone" text NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE, "invalid_reason" text, "code_hash" text, "code_expires_at" TIMESTAMP WITH TIME ZONE, "code_attempts" smallint NOT NULL DEFAULT '0', "codes_sent" smallint NOT NULL DEFAULT '0', "codes_window_start" TIMESTAMP WITH TIME ZONE, "last_code_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_633d1f05055ac9c2ff12382df37" PRIMARY KEY ("user_id"))`);
    await q.query(`CREATE INDEX "IDX_d7acb33ac0d66c477848c069e2" ON "notification_sms_numbers" ("tenant_id") `);
    await q.query(`ALTER TABLE "notification_sms_numbers" ADD CONSTRAINT "FK_633d1f05055ac9c2ff12382df37" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_sms_numbers" ADD CONSTRAINT "FK_d7acb33ac0d66c477848c069e20" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // The outbox trigger reads numbers while the timer scan writes breaches for every workspace.
    const rule = `tenant_id = ${tenant} OR ${cross}`;
    await q.query(`ALTER TABLE notification_sms_numbers ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE notification_sms_numbers FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY tenant_isolation ON notification_sms_numbers USING (${rule}) WITH CHECK (${rule})`);

    await q.query(`ALTER TABLE "notification_deliveries" DROP CONSTRAINT "ck_notification_deliveries_channel"`);
    await q.query(`ALTER TABLE "notification_deliveries" ADD CONSTRAINT "ck_notification_deliveries_channel" CHECK (channel IN ('email', 'sms'))`);

    // An SMS delivery row beside the email one; the sender decides with the user's choices and quiet hours.
    await q.query(`CREATE FUNCTION notification_sms_outbox() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        INSERT INTO notification_deliveries (notification_id, channel, tenant_id)
        SELECT x.id, 'sms', x.tenant_id FROM new_rows x
        JOIN notification_sms_numbers s ON s.user_id = x.recipient_id AND s.tenant_id = x.tenant_id AND s.verified_at IS NOT NULL
        WHERE x.kind IN ('hot_lead', 'sla_breach')
          AND EXISTS (SELECT 1 FROM integration_connections c WHERE c.tenant_id = x.tenant_id AND c.provider = 'twilio' AND c.status = 'active')
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER notification_sms_outbox AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION notification_sms_outbox()`);

    // Each sender takes its own channel's rows.
    await q.query(`DROP FUNCTION take_due_notification_deliveries(integer, integer)`);
    await q.query(takeDue(true));
    await q.query(`REVOKE ALL ON FUNCTION take_due_notification_deliveries(text, integer, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION take_due_notification_deliveries(text, integer, integer) TO hotleads_app`);

    await q.query(leadEvents(HOT_LEAD_RECIPIENTS));
    await q.query(slackOutbox(` AND x.data->>'reason' IS DISTINCT FROM 'sms_number_refused'`));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(slackOutbox(''));
    await q.query(leadEvents(HOT_LEAD_RECIPIENTS_BEFORE));
    await q.query(`DROP FUNCTION take_due_notification_deliveries(text, integer, integer)`);
    await q.query(takeDue(false));
    await q.query(`REVOKE ALL ON FUNCTION take_due_notification_deliveries(integer, integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION take_due_notification_deliveries(integer, integer) TO hotleads_app`);
    await q.query(`DROP TRIGGER IF EXISTS notification_sms_outbox ON notifications`);
    await q.query(`DROP FUNCTION IF EXISTS notification_sms_outbox()`);
    await q.query(`DELETE FROM notification_deliveries WHERE channel = 'sms'`);
    await q.query(`ALTER TABLE "notification_deliveries" DROP CONSTRAINT "ck_notification_deliveries_channel"`);
    await q.query(`ALTER TABLE "notification_deliveries" ADD CONSTRAINT "ck_notification_deliveries_channel" CHECK (channel IN ('email'))`);
    await q.query(`ALTER TABLE "notification_sms_numbers" DROP CONSTRAINT "FK_d7acb33ac0d66c477848c069e20"`);
    await q.query(`ALTER TABLE "notification_sms_numbers" DROP CONSTRAINT "FK_633d1f05055ac9c2ff12382df37"`);
    await q.query(`DROP INDEX "public"."IDX_d7acb33ac0d66c477848c069e2"`);
    await q.query(`DROP TABLE "notification_sms_numbers"`);
  }
}
