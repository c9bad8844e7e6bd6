import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { DeliveryStatus, NotificationChannel, NotificationKind } from './notification-values';

export interface NotificationRow {
  id: string;
  kind: NotificationKind;
  lead_id: string | null;
  lead_name: string | null;
  lead_company: string | null;
  lead_source: string | null;
  lead_priority: string | null;
  lead_score: number | null;
  lead_deleted: boolean | null;
  actor_name: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
  deliveries: Array<{ channel: NotificationChannel; status: DeliveryStatus; lastError: string | null }>;
}

export interface DueDelivery {
  notification_id: string;
  channel: NotificationChannel;
  tenant_id: string;
  attempts: number;
}

export interface PreferencesRow {
  channels: Record<string, Record<string, boolean>> | null;
  email_mode: 'instant' | 'digest';
  quiet_start: number | null;
  quiet_end: number | null;
  time_zone: string;
  defaults: Record<string, Record<string, boolean>> | null;
}

export interface RecipientRow {
  recipient_id: string;
  email: string;
  status: string;
  channels: Record<string, Record<string, boolean>> | null;
  email_mode: 'instant' | 'digest' | null;
  quiet_start: number | null;
  quiet_end: number | null;
  time_zone: string | null;
  defaults: Record<string, Record<string, boolean>> | null;
}

const SELECT = `SELECT n.id::text AS id, n.kind, n.lead_id, l.name AS lead_name, l.company AS lead_company, l.source AS lead_source,
         l.priority AS lead_priority, l.score AS lead_score, (l.deleted_at IS NOT NULL) AS lead_deleted,
         nullif(a.name, '') AS actor_name, n.data, n.created_at, n.read_at,
         coalesce((SELECT jsonb_agg(jsonb_build_object('channel', d.channel, 'status', d.status, 'lastError', d.last_error) ORDER BY d.channel)
                   FROM notification_deliveries d WHERE d.notification_id = n.id AND d.tenant_id = n.tenant_id), '[]') AS deliveries
  FROM notifications n
  LEFT JOIN leads l ON l.id = n.lead_id AND l.tenant_id = n.tenant_id
  LEFT JOIN users a ON a.id = n.actor_id AND a.tenant_id = n.tenant_id`;

// The SQL of notifications. Everything runs in the caller's TenantDb transaction except the two owner
// functions (timer scan, delivery queue), which look across workspaces.
@Injectable()
export class NotificationsRepository {
  // A user's notifications, newest first, after the keyset position `beforeId`.
  page(m: EntityManager, tenantId: string, userId: string, options: { beforeId: string | null; limit: number; unreadOnly: boolean }): Promise<NotificationRow[]> {
    return queryRows<NotificationRow>(
      m,
      `${SELECT}
       WHERE n.tenant_id = $1 AND n.recipient_id = $2 AND ($3::bigint IS NULL OR n.id < $3::bigint) AND (NOT $4 OR n.read_at IS NULL)
       ORDER BY n.id DESC LIMIT $5`,
      [tenantId, userId, options.beforeId, options.unreadOnly, options.limit],
    );
  }

  async unreadCount(m: EntityManager, tenantId: string, userId: string): Promise<number> {
    const [row] = await queryRows<{ count: number }>(m, `SELECT count(*)::int AS count FROM notifications WHERE tenant_id = $1 AND recipient_id = $2 AND read_at IS NULL`, [tenantId, userId]);
    return row.count;
  }

  // False when the user has no such notification.
  async markRead(m: EntityManager, tenantId: string, userId: string, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string; read_at: Date | null }>(
      m,
      `SELECT id::text, read_at FROM notifications WHERE tenant_id = $1 AND recipient_id = $2 AND id = $3 FOR UPDATE`,
      [tenantId, userId, id],
    );
    if (rows.length === 0) return false;
    if (rows[0].read_at === null) await m.query(`UPDATE notifications SET read_at = now() WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return true;
  }

  async markAllRead(m: EntityManager, tenantId: string, userId: string): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE notifications SET read_at = now() WHERE tenant_id = $1 AND recipient_id = $2 AND read_at IS NULL RETURNING id`,
      [tenantId, userId],
    );
    return rows.length;
  }

  one(m: EntityManager, tenantId: string, id: string): Promise<Array<NotificationRow & { recipient_id: string }>> {
    return queryRows(m, `${SELECT.replace('SELECT ', 'SELECT n.recipient_id, ')} WHERE n.tenant_id = $1 AND n.id = $2`, [tenantId, id]);
  }

  // The recipient's address and choices, with the workspace defaults.
  async recipient(m: EntityManager, tenantId: string, userId: string): Promise<RecipientRow | null> {
    const [row] = await queryRows<RecipientRow>(
      m,
      `SELECT u.id AS recipient_id, u.email, u.status, p.channels, p.email_mode, p.quiet_start, p.quiet_end, p.time_zone, s.defaults
       FROM users u
       LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.tenant_id = u.tenant_id
       LEFT JOIN notification_settings s ON s.tenant_id = u.tenant_id
       WHERE u.tenant_id = $1 AND u.id = $2`,
      [tenantId, userId],
    );
    return row ?? null;
  }

  // Due email deliveries of one user (a digest gathers them), oldest first.
  pendingOf(m: EntityManager, tenantId: string, userId: string, channel: NotificationChannel): Promise<Array<{ notification_id: string }>> {
    return queryRows(
      m,
      `SELECT d.notification_id::text FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id
       WHERE d.tenant_id = $1 AND n.recipient_id = $2 AND d.channel = $3 AND d.status = 'pending' ORDER BY d.notification_id`,
      [tenantId, userId, channel],
    );
  }

  async finish(m: EntityManager, tenantId: string, ids: readonly string[], channel: NotificationChannel, status: DeliveryStatus, error: string | null): Promise<void> {
    await m.query(
      `UPDATE notification_deliveries SET status = $4, last_error = $5, lease_until = NULL, sent_at = CASE WHEN $4 = 'sent' THEN now() END
       WHERE tenant_id = $1 AND notification_id = ANY($2::bigint[]) AND channel = $3 AND status = 'pending'`,
      [tenantId, ids, channel, status, error],
    );
  }

  // Back to the queue at `at` (quiet hours, the next digest, a retry after a failure).
  async postpone(m: EntityManager, tenantId: string, ids: readonly string[], channel: NotificationChannel, at: Date, error: string | null): Promise<void> {
    await m.query(
      `UPDATE notification_deliveries SET next_attempt_at = $4, lease_until = NULL, last_error = coalesce($5, last_error)
       WHERE tenant_id = $1 AND notification_id = ANY($2::bigint[]) AND channel = $3 AND status = 'pending'`,
      [tenantId, ids, channel, at, error],
    );
  }

  // Locks the delivery row for the rest of the transaction; null when it is gone.
  async lockDelivery(m: EntityManager, tenantId: string, id: string, channel: NotificationChannel): Promise<DeliveryStatus | null> {
    const [row] = await queryRows<{ status: DeliveryStatus }>(
      m,
      `SELECT status FROM notification_deliveries WHERE tenant_id = $1 AND notification_id = $2 AND channel = $3 FOR UPDATE`,
      [tenantId, id, channel],
    );
    return row?.status ?? null;
  }

  takeDue(m: EntityManager, channel: NotificationChannel, limit: number, leaseSeconds: number): Promise<DueDelivery[]> {
    return queryRows<DueDelivery>(m, `SELECT notification_id::text, channel, tenant_id, attempts FROM take_due_notification_deliveries($1, $2, $3)`, [channel, limit, leaseSeconds]);
  }

  async scanTimers(m: EntityManager, at: Date): Promise<number> {
    const [row] = await queryRows<{ created: string }>(m, `SELECT created FROM notification_timers_scan($1)`, [at]);
    return Number(row.created);
  }

  // Sets the user's choice for kind x channel to off; false when the user does not exist (any more).
  async turnOff(m: EntityManager, tenantId: string, userId: string, kind: NotificationKind, channel: NotificationChannel): Promise<boolean> {
    const rows = await queryRows<{ user_id: string }>(
      m,
      `INSERT INTO notification_preferences (user_id, tenant_id, channels)
       SELECT u.id, u.tenant_id, jsonb_build_object($3::text, jsonb_build_object($4::text, false)) FROM users u WHERE u.tenant_id = $1 AND u.id = $2
       ON CONFLICT (user_id) DO UPDATE
         SET channels = notification_preferences.channels || jsonb_build_object($3::text, coalesce(notification_preferences.channels->$3, '{}') || jsonb_build_object($4::text, false)),
             updated_at = now()
       RETURNING user_id`,
      [tenantId, userId, kind, channel],
    );
    return rows.length > 0;
  }

  // A user's stored choices and the workspace defaults (either may be absent).
  async preferences(m: EntityManager, tenantId: string, userId: string): Promise<PreferencesRow> {
    const [row] = await queryRows<PreferencesRow>(
      m,
      `SELECT p.channels, coalesce(p.email_mode, 'instant') AS email_mode, p.quiet_start, p.quiet_end, coalesce(p.time_zone, 'UTC') AS time_zone, s.defaults
       FROM (SELECT $1::uuid AS tenant_id, $2::uuid AS user_id) k
       LEFT JOIN notification_preferences p ON p.user_id = k.user_id AND p.tenant_id = k.tenant_id
       LEFT JOIN notification_settings s ON s.tenant_id = k.tenant_id`,
      [tenantId, userId],
    );
    return row;
  }

  async savePreferences(m: EntityManager, tenantId: string, userId: string, p: Omit<PreferencesRow, 'defaults'>): Promise<void> {
    await m.query(
      `INSERT INTO notification_preferences (user_id, tenant_id, channels, email_mode, quiet_start, quiet_end, time_zone)
       VALUES ($2, $1, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id) DO UPDATE SET channels = $3, email_mode = $4, quiet_start = $5, quiet_end = $6, time_zone = $7, updated_at = now()`,
      [tenantId, userId, JSON.stringify(p.channels ?? {}), p.email_mode, p.quiet_start, p.quiet_end, p.time_zone],
    );
  }

  // Tells the people who manage integrations (the same recipients as the database's own trouble notices).
  async notifyIntegrationAdmins(m: EntityManager, tenantId: string, data: Record<string, unknown>): Promise<void> {
    await m.query(`SELECT notify_integration_admins($1, $2::jsonb)`, [tenantId, JSON.stringify(data)]);
  }
}
