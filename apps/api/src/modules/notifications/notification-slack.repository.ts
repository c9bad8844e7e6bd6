import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { DeliveryStatus, SlackKind } from './notification-values';

export interface SlackChannelRow {
  id: string;
  name: string;
  kinds: SlackKind[];
  url: string;
  url_key_id: string;
  enabled: boolean;
  disabled_reason: string | null;
  last_sent_at: Date | null;
  last_failed_at: Date | null;
  last_error: string | null;
  pending: number;
  failed: number;
  created_at: Date;
}

export interface DueSlackDelivery {
  notification_id: string;
  slack_channel_id: string;
  tenant_id: string;
  attempts: number;
}

const CHANNEL = `c.id, c.name, c.kinds, c.url, c.url_key_id, c.enabled, c.disabled_reason, c.last_sent_at, c.last_failed_at, c.last_error, c.created_at,
  (SELECT count(*)::int FROM notification_slack_deliveries d WHERE d.slack_channel_id = c.id AND d.status = 'pending') AS pending,
  (SELECT count(*)::int FROM notification_slack_deliveries d WHERE d.slack_channel_id = c.id AND d.status = 'failed') AS failed`;

// The SQL of Slack channels and their delivery queue. All in the caller's TenantDb transaction except
// takeDue (an owner function across workspaces).
@Injectable()
export class NotificationSlackRepository {
  list(m: EntityManager, tenantId: string): Promise<SlackChannelRow[]> {
    return queryRows(m, `SELECT ${CHANNEL} FROM notification_slack_channels c WHERE c.tenant_id = $1 ORDER BY c.created_at, c.id`, [tenantId]);
  }

  async one(m: EntityManager, tenantId: string, id: string, lock = false): Promise<SlackChannelRow | null> {
    const [row] = await queryRows<SlackChannelRow>(
      m,
      lock
        ? `SELECT ${CHANNEL} FROM notification_slack_channels c WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE OF c`
        : `SELECT ${CHANNEL} FROM notification_slack_channels c WHERE c.tenant_id = $1 AND c.id = $2`,
      [tenantId, id],
    );
    return row ?? null;
  }

  async insert(m: EntityManager, row: { id: string; tenantId: string; name: string; kinds: SlackKind[]; url: string; urlKeyId: string; enabled: boolean }): Promise<void> {
    await m.query(`INSERT INTO notification_slack_channels (id, tenant_id, name, kinds, url, url_key_id, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      row.id,
      row.tenantId,
      row.name,
      row.kinds,
      row.url,
      row.urlKeyId,
      row.enabled,
    ]);
  }

  async update(m: EntityManager, tenantId: string, id: string, change: { name?: string; kinds?: SlackKind[]; url?: { ciphertext: string; keyId: string }; enabled?: boolean }): Promise<void> {
    await m.query(
      `UPDATE notification_slack_channels SET
         name = coalesce($3, name), kinds = coalesce($4::text[], kinds), url = coalesce($5, url), url_key_id = coalesce($6, url_key_id),
         enabled = coalesce($7, enabled), disabled_reason = CASE WHEN $7 IS NOT NULL THEN NULL ELSE disabled_reason END, updated_at = now()
       WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, change.name ?? null, change.kinds ?? null, change.url?.ciphertext ?? null, change.url?.keyId ?? null, change.enabled ?? null],
    );
  }

  async remove(m: EntityManager, tenantId: string, id: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(m, `DELETE FROM notification_slack_channels WHERE tenant_id = $1 AND id = $2 RETURNING id`, [tenantId, id]);
    return rows.length > 0;
  }

  // Turns the channel off (a person, or Slack saying the webhook is gone); false when it already was.
  async disable(m: EntityManager, tenantId: string, id: string, reason: string | null): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE notification_slack_channels SET enabled = false, disabled_reason = $3, updated_at = now() WHERE tenant_id = $1 AND id = $2 AND enabled RETURNING id`,
      [tenantId, id, reason],
    );
    return rows.length > 0;
  }

  async giveUpPending(m: EntityManager, tenantId: string, channelId: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE notification_slack_deliveries SET status = 'skipped', last_error = $3, lease_until = NULL WHERE tenant_id = $1 AND slack_channel_id = $2 AND status = 'pending'`,
      [tenantId, channelId, reason],
    );
  }

  takeDue(m: EntityManager, limit: number, leaseSeconds: number): Promise<DueSlackDelivery[]> {
    return queryRows<DueSlackDelivery>(m, `SELECT notification_id::text, slack_channel_id, tenant_id, attempts FROM take_due_notification_slack_deliveries($1, $2)`, [limit, leaseSeconds]);
  }

  // Locks the delivery for the rest of the transaction; null when it is gone.
  async lockDelivery(m: EntityManager, tenantId: string, d: DueSlackDelivery): Promise<DeliveryStatus | null> {
    const [row] = await queryRows<{ status: DeliveryStatus }>(
      m,
      `SELECT status FROM notification_slack_deliveries WHERE tenant_id = $1 AND notification_id = $2 AND slack_channel_id = $3 FOR UPDATE`,
      [tenantId, d.notification_id, d.slack_channel_id],
    );
    return row?.status ?? null;
  }

  async finish(m: EntityManager, tenantId: string, d: DueSlackDelivery, status: DeliveryStatus, error: string | null): Promise<void> {
    await m.query(
      `UPDATE notification_slack_deliveries SET status = $4, last_error = $5, lease_until = NULL, sent_at = CASE WHEN $4 = 'sent' THEN now() END
       WHERE tenant_id = $1 AND notification_id = $2 AND slack_channel_id = $3 AND status = 'pending'`,
      [tenantId, d.notification_id, d.slack_channel_id, status, error],
    );
  }

  // Back to the queue at `at`; a rate-limited attempt (countAttempt false) does not use up a try.
  async postpone(m: EntityManager, tenantId: string, d: DueSlackDelivery, at: Date, error: string, countAttempt: boolean): Promise<void> {
    await m.query(
      `UPDATE notification_slack_deliveries SET next_attempt_at = $4, lease_until = NULL, last_error = $5, attempts = CASE WHEN $6 THEN attempts ELSE greatest(attempts - 1, 0) END
       WHERE tenant_id = $1 AND notification_id = $2 AND slack_channel_id = $3 AND status = 'pending'`,
      [tenantId, d.notification_id, d.slack_channel_id, at, error, countAttempt],
    );
  }

  async recordOutcome(m: EntityManager, tenantId: string, channelId: string, error: string | null): Promise<void> {
    await m.query(
      error === null
        ? `UPDATE notification_slack_channels SET last_sent_at = now() WHERE tenant_id = $1 AND id = $2`
        : `UPDATE notification_slack_channels SET last_failed_at = now(), last_error = $3 WHERE tenant_id = $1 AND id = $2`,
      error === null ? [tenantId, channelId] : [tenantId, channelId, error],
    );
  }
}
