import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who a notification reaches when nobody owns the lead, in one place (issue 15).
//
// - role_grants(key, permissions, permission): whether a role holds a permission. Built-in roles keep their
//   permissions in code (libs/shared roles.ts); the lists below are that file as it is today, and
//   test/notifications.e2e-spec.ts fails when the two disagree. Custom roles carry theirs in
//   roles.permissions.
// - permission_holders(tenant, permission): the workspace's active users who hold it.
// - unassigned_lead_recipients(tenant, on_duty): the on-duty group while it names an active user, else the
//   people who may assign leads.
//
// Every notification function that used to spell the role list out now asks these: the hot lead, the SLA
// warning (which had no fallback: an unassigned lead in a workspace without an on-duty group warned nobody),
// the breach, and integration trouble.

const BUILT_IN: Record<string, string[]> = {
  owner: ['leads:read', 'leads:write', 'leads:delete', 'leads:export', 'leads:import', 'leads:assign', 'users:manage', 'api-keys:manage', 'forms:manage', 'integrations:manage', 'audit:read', 'privacy:manage', 'settings:manage', 'system:read'],
  admin: ['leads:read', 'leads:write', 'leads:delete', 'leads:export', 'leads:import', 'leads:assign', 'users:manage', 'api-keys:manage', 'forms:manage', 'integrations:manage', 'audit:read', 'privacy:manage', 'system:read', 'settings:manage'],
  manager: ['leads:read', 'leads:write', 'leads:delete', 'leads:export', 'leads:import', 'leads:assign', 'forms:manage'],
  agent: ['leads:read', 'leads:write'],
  viewer: ['leads:read'],
};

const textArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

// How a function names "the active users of a workspace who hold a permission", and who an unassigned lead's
// notice goes to: the new functions (up) or the role lists as the earlier migrations wrote them (down).
interface Recipients {
  holders(permission: string, tenantExpr: string): string;
  unassigned(tenantExpr: string, onDutyExpr: string): string;
  slaWarningUnassigned(tenantExpr: string, onDutyExpr: string): string;
}

const CURRENT: Recipients = {
  holders: (permission, tenantExpr) => `SELECT permission_holders(${tenantExpr}, '${permission}') AS id`,
  unassigned: (tenantExpr, onDutyExpr) => `unassigned_lead_recipients(${tenantExpr}, ${onDutyExpr})`,
  slaWarningUnassigned: (tenantExpr, onDutyExpr) => `unassigned_lead_recipients(${tenantExpr}, ${onDutyExpr})`,
};

const builtInKeys = (permission: string) =>
  Object.entries(BUILT_IN)
    .filter(([, permissions]) => permissions.includes(permission))
    .map(([key]) => `'${key}'`)
    .join(', ');

const beforeHolders = (permission: string, tenantExpr: string) =>
  `SELECT u.id FROM users u JOIN roles ro ON ro.id = u.role_id
       WHERE u.tenant_id = ${tenantExpr} AND u.status = 'active' AND (ro.key IN (${builtInKeys(permission)}) OR (ro.key IS NULL AND '${permission}' = ANY(ro.permissions)))`;

const BEFORE: Recipients = {
  holders: beforeHolders,
  unassigned: (tenantExpr, onDutyExpr) => `CASE
            WHEN EXISTS (SELECT 1 FROM users d WHERE d.tenant_id = ${tenantExpr} AND d.status = 'active' AND d.id = ANY(coalesce(${onDutyExpr}, '{}'))) THEN ${onDutyExpr}
            ELSE ARRAY(${beforeHolders('leads:assign', tenantExpr)})
          END`,
  slaWarningUnassigned: (_tenantExpr, onDutyExpr) => `coalesce(${onDutyExpr}, '{}')`,
};

// The notification rows a statement produces, stored once each (active recipients only) with their email
// outbox row; the SMS and Slack outboxes follow from triggers on notifications.
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

const leadEvents = (r: Recipients) => `CREATE OR REPLACE FUNCTION notifications_from_lead_events() RETURNS trigger
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
          -- A new hot lead (urgent, or scored at or above the workspace threshold): the assignee, else the
          -- unassigned-lead recipients.
          SELECT e.tenant_id, r.user_id, 'hot_lead', e.lead_id, e.actor_id, jsonb_build_object('priority', l.priority, 'score', l.score), NULL
          FROM new_rows e
          JOIN leads l ON l.id = e.lead_id AND l.tenant_id = e.tenant_id
          LEFT JOIN notification_settings ns ON ns.tenant_id = e.tenant_id
          CROSS JOIN LATERAL unnest(CASE WHEN l.assignee_id IS NOT NULL THEN ARRAY[l.assignee_id] ELSE ${r.unassigned('e.tenant_id', 'ns.on_duty_user_ids')} END) AS r(user_id)
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

const waiting = `l.first_contacted_at IS NULL AND l.status IN ('unread', 'processing') AND l.deleted_at IS NULL`;
const key = (prefix: string, column: string) => `'${prefix}:' || l.id::text || ':' || (extract(epoch FROM l.${column}) * 1000)::bigint::text`;

// The clock's notifications (see the Notifications migration): follow-up dates, the SLA warning at the
// workspace's share of the target (the assignee, else the unassigned-lead recipients) and the breach (the
// assignee and whoever may assign leads), each once per lead and target.
const timersScan = (r: Recipients) => `CREATE OR REPLACE FUNCTION notification_timers_scan(at timestamptz, OUT created bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE previous text := current_setting('hotleads.cross_tenant', true);
      BEGIN
        PERFORM set_config('hotleads.cross_tenant', 'on', true);
        ${store(`
          SELECT l.tenant_id, l.assignee_id AS recipient_id, 'follow_up_due'::text AS kind, l.id AS lead_id, NULL::uuid AS actor_id,
                 jsonb_build_object('followUpAt', l.follow_up_at) AS data, ${key('follow_up', 'follow_up_at')} AS dedup_key
          FROM leads l
          WHERE l.follow_up_at <= at AND l.follow_up_at > at - interval '1 day' AND l.assignee_id IS NOT NULL AND l.deleted_at IS NULL
          UNION ALL
          SELECT l.tenant_id, r.user_id, 'sla_warning', l.id, NULL, jsonb_build_object('respondBy', l.respond_by), ${key('sla', 'respond_by')}
          FROM leads l
          LEFT JOIN notification_settings ns ON ns.tenant_id = l.tenant_id
          CROSS JOIN LATERAL unnest(CASE WHEN l.assignee_id IS NOT NULL THEN ARRAY[l.assignee_id] ELSE ${r.slaWarningUnassigned('l.tenant_id', 'ns.on_duty_user_ids')} END) AS r(user_id)
          WHERE ${waiting} AND l.respond_by > at AND l.created_at <= at
            AND l.created_at + (l.respond_by - l.created_at) * (coalesce(ns.escalation_percent, 80) / 100.0) <= at
          UNION ALL
          SELECT l.tenant_id, r.user_id, 'sla_breach', l.id, NULL, jsonb_build_object('respondBy', l.respond_by), ${key('sla', 'respond_by')}
          FROM leads l
          CROSS JOIN LATERAL (SELECT l.assignee_id WHERE l.assignee_id IS NOT NULL
                              UNION ${r.holders('leads:assign', 'l.tenant_id')}) AS r(user_id)
          WHERE ${waiting} AND l.respond_by <= at AND l.respond_by > at - interval '1 day'`)};
        GET DIAGNOSTICS created = ROW_COUNT;
        PERFORM set_config('hotleads.cross_tenant', coalesce(previous, ''), true);
      END
      $$`;

// Integration trouble goes to whoever manages integrations.
const fromConnections = (r: Recipients) => `CREATE OR REPLACE FUNCTION notifications_from_connections() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        ${store(`
          SELECT NEW.tenant_id, a.id AS recipient_id, 'integration_trouble'::text AS kind, NULL::uuid AS lead_id, NULL::uuid AS actor_id,
                 jsonb_build_object('reason', 'needs_attention', 'connectionId', NEW.id, 'connection', NEW.name, 'provider', NEW.provider) AS data, NULL::text AS dedup_key
          FROM (${r.holders('integrations:manage', 'NEW.tenant_id')}) a`)};
        RETURN NULL;
      END $$`;

const fromSyncRuns = (r: Recipients) => `CREATE OR REPLACE FUNCTION notifications_from_sync_runs() RETURNS trigger
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
            FROM integration_connections c CROSS JOIN (${r.holders('integrations:manage', 'NEW.tenant_id')}) a WHERE c.id = NEW.connection_id`)};
        END IF;
        RETURN NULL;
      END $$`;

const notifyIntegrationAdmins = (r: Recipients) => `CREATE OR REPLACE FUNCTION notify_integration_admins(p_tenant_id uuid, p_data jsonb, OUT created bigint)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        WITH stored AS (
          INSERT INTO notifications (tenant_id, recipient_id, kind, data)
          SELECT p_tenant_id, a.id, 'integration_trouble', p_data
          FROM (${r.holders('integrations:manage', 'p_tenant_id')}) a
          RETURNING id, tenant_id
        )
        INSERT INTO notification_deliveries (notification_id, channel, tenant_id) SELECT id, 'email', tenant_id FROM stored;
        GET DIAGNOSTICS created = ROW_COUNT;
      END $$`;

const all = (r: Recipients) => [leadEvents(r), timersScan(r), fromConnections(r), fromSyncRuns(r), notifyIntegrationAdmins(r)];

export class PermissionHolders1796920000000 implements MigrationInterface {
  name = 'PermissionHolders1796920000000';

  async up(q: QueryRunner): Promise<void> {
    const cases = Object.entries(BUILT_IN)
      .map(([role, permissions]) => `WHEN '${role}' THEN p_permission = ANY(${textArray(permissions)})`)
      .join('\n          ');
    await q.query(`CREATE FUNCTION role_grants(p_key text, p_permissions text[], p_permission text) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE p_key
          ${cases}
          ELSE p_key IS NULL AND p_permission = ANY(coalesce(p_permissions, '{}'))
        END
      $$`);
    // Invoker's rights: called from the notification functions, it reads users as they do.
    await q.query(`CREATE FUNCTION permission_holders(p_tenant uuid, p_permission text) RETURNS SETOF uuid
      LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT u.id FROM users u JOIN roles ro ON ro.id = u.role_id
        WHERE u.tenant_id = p_tenant AND u.status = 'active' AND role_grants(ro.key, ro.permissions, p_permission)
      $$`);
    await q.query(`CREATE FUNCTION unassigned_lead_recipients(p_tenant uuid, p_on_duty uuid[]) RETURNS uuid[]
      LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT CASE
          WHEN EXISTS (SELECT 1 FROM users d WHERE d.tenant_id = p_tenant AND d.status = 'active' AND d.id = ANY(coalesce(p_on_duty, '{}'))) THEN p_on_duty
          ELSE ARRAY(SELECT permission_holders(p_tenant, 'leads:assign'))
        END
      $$`);
    for (const statement of all(CURRENT)) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const statement of all(BEFORE)) await q.query(statement);
    await q.query(`DROP FUNCTION unassigned_lead_recipients(uuid, uuid[])`);
    await q.query(`DROP FUNCTION permission_holders(uuid, text)`);
    await q.query(`DROP FUNCTION role_grants(text, text[], text)`);
  }
}
