import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';

export interface SmsNumberRow {
  phone: string;
  verified_at: Date | null;
  invalid_reason: string | null;
  code_hash: string | null;
  code_expires_at: Date | null;
  code_attempts: number;
  codes_sent: number;
  codes_window_start: Date | null;
  last_code_at: Date | null;
}

export interface TwilioConnectionRow {
  id: string;
  config: Record<string, unknown>;
  credentials: string | null;
  credentials_key_id: string | null;
}

const NUMBER_COLUMNS = 'phone, verified_at, invalid_reason, code_hash, code_expires_at, code_attempts, codes_sent, codes_window_start, last_code_at';

// The SQL of SMS notifications: users' numbers and their verification, the workspace's Twilio connection.
// Everything runs in the caller's TenantDb transaction.
@Injectable()
export class NotificationSmsRepository {
  async number(m: EntityManager, tenantId: string, userId: string, lock = false): Promise<SmsNumberRow | null> {
    const [row] = await queryRows<SmsNumberRow>(
      m,
      `SELECT ${NUMBER_COLUMNS} FROM notification_sms_numbers WHERE tenant_id = $1 AND user_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, userId],
    );
    return row ?? null;
  }

  // A new number (or a new code for the same one): unverified until the code comes back.
  async saveCode(m: EntityManager, tenantId: string, userId: string, next: { phone: string; codeHash: string; expiresAt: Date; codesSent: number; windowStart: Date }): Promise<void> {
    await m.query(
      `INSERT INTO notification_sms_numbers (user_id, tenant_id, phone, code_hash, code_expires_at, code_attempts, codes_sent, codes_window_start, last_code_at)
       VALUES ($2, $1, $3, $4, $5, 0, $6, $7, now())
       ON CONFLICT (user_id) DO UPDATE SET phone = $3, verified_at = NULL, invalid_reason = NULL, code_hash = $4, code_expires_at = $5, code_attempts = 0,
         codes_sent = $6, codes_window_start = $7, last_code_at = now(), updated_at = now()`,
      [tenantId, userId, next.phone, next.codeHash, next.expiresAt, next.codesSent, next.windowStart],
    );
  }

  // The code could not be sent: it is void (it still counts against the hourly budget).
  async dropCode(m: EntityManager, tenantId: string, userId: string): Promise<void> {
    await m.query(`UPDATE notification_sms_numbers SET code_hash = NULL, code_expires_at = NULL, updated_at = now() WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
  }

  async countAttempt(m: EntityManager, tenantId: string, userId: string): Promise<void> {
    await m.query(`UPDATE notification_sms_numbers SET code_attempts = code_attempts + 1, updated_at = now() WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
  }

  async markVerified(m: EntityManager, tenantId: string, userId: string): Promise<void> {
    await m.query(
      `UPDATE notification_sms_numbers SET verified_at = now(), invalid_reason = NULL, code_hash = NULL, code_expires_at = NULL, code_attempts = 0, updated_at = now()
       WHERE tenant_id = $1 AND user_id = $2`,
      [tenantId, userId],
    );
  }

  async remove(m: EntityManager, tenantId: string, userId: string): Promise<void> {
    await m.query(`DELETE FROM notification_sms_numbers WHERE tenant_id = $1 AND user_id = $2`, [tenantId, userId]);
    await this.giveUpPending(m, tenantId, userId, 'the number was removed');
  }

  // Twilio refused the number: it stops counting and what waits for it is given up. False when the user has
  // since entered another number (the refusal was about the old one).
  async markRefused(m: EntityManager, tenantId: string, userId: string, phone: string, reason: string): Promise<boolean> {
    const rows = await queryRows<{ user_id: string }>(
      m,
      `UPDATE notification_sms_numbers SET verified_at = NULL, invalid_reason = $4, updated_at = now()
       WHERE tenant_id = $1 AND user_id = $2 AND phone = $3 AND verified_at IS NOT NULL RETURNING user_id`,
      [tenantId, userId, phone, reason],
    );
    if (rows.length > 0) await this.giveUpPending(m, tenantId, userId, 'the number was refused by Twilio');
    return rows.length > 0;
  }

  private async giveUpPending(m: EntityManager, tenantId: string, userId: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE notification_deliveries d SET status = 'skipped', last_error = $3, lease_until = NULL
       FROM notifications n WHERE n.id = d.notification_id AND n.tenant_id = d.tenant_id
         AND d.tenant_id = $1 AND n.recipient_id = $2 AND d.channel = 'sms' AND d.status = 'pending'`,
      [tenantId, userId, reason],
    );
  }

  // The workspace's Twilio (SMS) connection in use: the newest active one.
  async twilioConnection(m: EntityManager, tenantId: string): Promise<TwilioConnectionRow | null> {
    const [row] = await queryRows<TwilioConnectionRow>(
      m,
      `SELECT id, config, credentials, credentials_key_id FROM integration_connections
       WHERE tenant_id = $1 AND provider = 'twilio' AND status = 'active' ORDER BY created_at DESC, id DESC LIMIT 1`,
      [tenantId],
    );
    return row ?? null;
  }

  // Twilio refused the credentials: the connection needs attention (its trigger tells the admins).
  async connectionRefused(m: EntityManager, tenantId: string, connectionId: string, error: string): Promise<void> {
    await m.query(
      `UPDATE integration_connections SET status = 'needs_attention', last_error = $3, last_error_at = now(), updated_at = now()
       WHERE tenant_id = $1 AND id = $2 AND status = 'active'`,
      [tenantId, connectionId, error],
    );
  }

  // Tells one user something about their own notifications (in the app, and by email like any notice).
  async notifyUser(m: EntityManager, tenantId: string, userId: string, data: Record<string, unknown>): Promise<void> {
    await m.query(
      `WITH stored AS (
         INSERT INTO notifications (tenant_id, recipient_id, kind, data) VALUES ($1, $2, 'integration_trouble', $3::jsonb) RETURNING id, tenant_id
       )
       INSERT INTO notification_deliveries (notification_id, channel, tenant_id) SELECT id, 'email', tenant_id FROM stored`,
      [tenantId, userId, JSON.stringify(data)],
    );
  }
}
