import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { DeliveryCursor } from '../integrations/delivery-cursor';
import type { OutboundDeliveryState } from './outbound-webhook-values';

export interface EndpointRow {
  id: string;
  tenantId: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  secret: string;
  secretKeyId: string;
  previousSecretExpiresAt: Date | null;
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OutboundDeliveryRow {
  id: string;
  endpointId: string;
  eventId: string;
  event: string;
  state: OutboundDeliveryState;
  attempts: number;
  lastStatusCode: number | null;
  lastDurationMs: number | null;
  lastResponseExcerpt: string | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  createdMicros: string;
}

// A delivery as the sender takes it: the attempt it is on, its event and its endpoint.
export interface TakenDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  attempts: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  url: string;
  enabled: boolean;
  secret: string;
  secretKeyId: string;
  previousSecretExpiresAt: Date | null;
  failingSince: Date | null;
}

export interface DeliveryResult {
  id: string;
  endpointId: string;
  state: OutboundDeliveryState;
  nextAttemptAt: Date | null;
  statusCode: number | null;
  durationMs: number | null;
  excerpt: string | null;
  error: string | null;
  // Whether it tells about the endpoint's health (a ping does not).
  counts: boolean;
}

const ENDPOINT = `e.id, e.tenant_id AS "tenantId", e.url, e.description, e.events, e.enabled, e.secret, e.secret_key_id AS "secretKeyId",
  e.previous_secret_expires_at AS "previousSecretExpiresAt", e.disabled_reason AS "disabledReason", e.disabled_at AS "disabledAt",
  e.failing_since AS "failingSince", e.created_at AS "createdAt", e.updated_at AS "updatedAt"`;

const DELIVERY = `d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", v.type AS event, d.state, d.attempts,
  d.last_status_code AS "lastStatusCode", d.last_duration_ms AS "lastDurationMs", d.last_response_excerpt AS "lastResponseExcerpt",
  d.last_error AS "lastError", d.last_attempt_at AS "lastAttemptAt", CASE WHEN d.state = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt",
  d.created_at AS "createdAt", (extract(epoch FROM d.created_at) * 1000000)::bigint::text AS "createdMicros"`;

const TAKEN = `id, tenant_id AS "tenantId", endpoint_id AS "endpointId", attempts, event_id AS "eventId", type, data, occurred_at AS "occurredAt",
  url, enabled, secret, secret_key_id AS "secretKeyId", previous_secret_expires_at AS "previousSecretExpiresAt", failing_since AS "failingSince"`;

// Outbound webhooks' SQL. Methods taking `m` run in the caller's tenant transaction; take and finish are
// the sender's calls across workspaces, through the owner functions of the OutboundWebhooks migration.
@Injectable()
export class OutboundWebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listEndpoints(m: EntityManager): Promise<EndpointRow[]> {
    return queryRows<EndpointRow>(m, `SELECT ${ENDPOINT} FROM outbound_webhook_endpoints e ORDER BY e.created_at, e.id`);
  }

  async findEndpoint(m: EntityManager, id: string, lock = false): Promise<EndpointRow | null> {
    const [row] = await queryRows<EndpointRow>(m, `SELECT ${ENDPOINT} FROM outbound_webhook_endpoints e WHERE e.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async insertEndpoint(
    m: EntityManager,
    e: { id: string; tenantId: string; url: string; description: string; events: string[]; enabled: boolean; secret: string; secretKeyId: string },
  ): Promise<EndpointRow> {
    const [row] = await queryRows<EndpointRow>(
      m,
      `INSERT INTO outbound_webhook_endpoints AS e (id, tenant_id, url, description, events, enabled, secret, secret_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ENDPOINT}`,
      [e.id, e.tenantId, e.url, e.description, e.events, e.enabled, e.secret, e.secretKeyId],
    );
    return row;
  }

  // `enabled: true` also clears an automatic disable and the failure run; false records when.
  async updateEndpoint(m: EntityManager, id: string, change: { url?: string; description?: string; events?: string[]; enabled?: boolean }): Promise<EndpointRow> {
    const [row] = await queryRows<EndpointRow>(
      m,
      `UPDATE outbound_webhook_endpoints e SET url = coalesce($2, e.url), description = coalesce($3, e.description), events = coalesce($4, e.events),
              enabled = coalesce($5, e.enabled),
              disabled_reason = CASE WHEN $5 IS NULL THEN e.disabled_reason ELSE NULL END,
              disabled_at = CASE WHEN $5 = false AND e.enabled THEN now() WHEN $5 = true THEN NULL ELSE e.disabled_at END,
              failing_since = CASE WHEN $5 = true AND NOT e.enabled THEN NULL ELSE e.failing_since END
        WHERE e.id = $1 RETURNING ${ENDPOINT}`,
      [id, change.url ?? null, change.description ?? null, change.events ?? null, change.enabled ?? null],
    );
    return row;
  }

  async disableEndpoint(m: EntityManager, id: string, reason: string): Promise<boolean> {
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE outbound_webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = now() WHERE id = $1 AND enabled RETURNING id`,
      [id, reason],
    );
    return rows.length > 0;
  }

  async setSecret(m: EntityManager, id: string, sealed: { ciphertext: string; keyId: string }, previousExpiresAt: Date | null): Promise<EndpointRow> {
    const [row] = await queryRows<EndpointRow>(
      m,
      `UPDATE outbound_webhook_endpoints e SET secret = $2, secret_key_id = $3, previous_secret_expires_at = $4 WHERE e.id = $1 RETURNING ${ENDPOINT}`,
      [id, sealed.ciphertext, sealed.keyId, previousExpiresAt],
    );
    return row;
  }

  async deleteEndpoint(m: EntityManager, id: string): Promise<void> {
    await m.query(`DELETE FROM outbound_webhook_endpoints WHERE id = $1`, [id]);
  }

  // A disabled endpoint's waiting deliveries are given up (a retry by hand brings one back).
  async giveUpPending(m: EntityManager, endpointId: string, reason: string): Promise<void> {
    await m.query(`UPDATE outbound_webhook_deliveries SET state = 'failed', last_error = $2 WHERE endpoint_id = $1 AND state = 'pending'`, [endpointId, reason]);
  }

  listDeliveries(m: EntityManager, endpointId: string, filter: { state?: OutboundDeliveryState; cursor: DeliveryCursor | null; limit: number }): Promise<OutboundDeliveryRow[]> {
    const params: unknown[] = [endpointId];
    const where = ['d.endpoint_id = $1'];
    if (filter.state) {
      params.push(filter.state);
      where.push(`d.state = $${params.length}`);
    }
    if (filter.cursor) {
      params.push(filter.cursor.micros, filter.cursor.id);
      where.push(`(d.created_at, d.id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    return queryRows<OutboundDeliveryRow>(
      m,
      `SELECT ${DELIVERY} FROM outbound_webhook_deliveries d JOIN outbound_webhook_events v ON v.id = d.event_id
        WHERE ${where.join(' AND ')} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async findDelivery(m: EntityManager, id: string): Promise<(OutboundDeliveryRow & { endpointEnabled: boolean }) | null> {
    const [row] = await queryRows<OutboundDeliveryRow & { endpointEnabled: boolean }>(
      m,
      `SELECT ${DELIVERY}, e.enabled AS "endpointEnabled" FROM outbound_webhook_deliveries d
         JOIN outbound_webhook_events v ON v.id = d.event_id JOIN outbound_webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.id = $1 FOR UPDATE OF d`,
      [id],
    );
    return row ?? null;
  }

  // Due now. A delivery that was given up gets `attemptsLeft` more attempts; a pending one keeps its count.
  async retryDelivery(m: EntityManager, id: string, attemptsBefore: number): Promise<OutboundDeliveryRow> {
    const [row] = await queryRows<OutboundDeliveryRow>(
      m,
      `WITH moved AS (
         UPDATE outbound_webhook_deliveries SET next_attempt_at = now(),
                attempts = CASE WHEN state = 'pending' THEN attempts ELSE LEAST(attempts, $2) END, state = 'pending'
          WHERE id = $1 RETURNING *
       )
       SELECT ${DELIVERY} FROM moved d JOIN outbound_webhook_events v ON v.id = d.event_id`,
      [id, attemptsBefore],
    );
    return row;
  }

  // A ping for "Send test": its event and a delivery already taken (attempt 1, held for `leaseSeconds`),
  // so the request sends it itself and a sender finds it only if that request died.
  async insertPing(m: EntityManager, endpoint: EndpointRow, data: Record<string, unknown>, leaseSeconds: number): Promise<TakenDelivery> {
    const [row] = await queryRows<TakenDelivery>(
      m,
      `WITH ev AS (
         INSERT INTO outbound_webhook_events (tenant_id, type, source_id, data) VALUES ($1, 'ping', gen_random_uuid(), $3) RETURNING id, type, data, created_at
       ), d AS (
         INSERT INTO outbound_webhook_deliveries (tenant_id, endpoint_id, event_id, attempts, last_attempt_at, next_attempt_at)
         SELECT $1, $2, ev.id, 1, now(), now() + make_interval(secs => $4) FROM ev RETURNING id, tenant_id, endpoint_id, attempts, event_id
       )
       SELECT d.id, d.tenant_id AS "tenantId", d.endpoint_id AS "endpointId", d.attempts, ev.id AS "eventId", ev.type, ev.data, ev.created_at AS "occurredAt",
              e.url, e.enabled, e.secret, e.secret_key_id AS "secretKeyId", e.previous_secret_expires_at AS "previousSecretExpiresAt", e.failing_since AS "failingSince"
         FROM d, ev, outbound_webhook_endpoints e WHERE e.id = $2`,
      [endpoint.tenantId, endpoint.id, JSON.stringify(data), leaseSeconds],
    );
    return row;
  }

  async deliveryById(m: EntityManager, id: string): Promise<OutboundDeliveryRow | null> {
    const [row] = await queryRows<OutboundDeliveryRow>(m, `SELECT ${DELIVERY} FROM outbound_webhook_deliveries d JOIN outbound_webhook_events v ON v.id = d.event_id WHERE d.id = $1`, [id]);
    return row ?? null;
  }

  // Across workspaces (owner function): due deliveries, each moved a lease ahead and counted as an attempt.
  take(batch: number, leaseSeconds: number): Promise<TakenDelivery[]> {
    return this.dataSource.query(`SELECT ${TAKEN} FROM take_due_outbound_webhook_deliveries($1, $2)`, [batch, leaseSeconds]);
  }

  async finish(results: readonly DeliveryResult[]): Promise<void> {
    if (results.length === 0) return;
    const rows = results.map((r) => ({
      id: r.id,
      endpoint_id: r.endpointId,
      state: r.state,
      next_attempt_at: r.nextAttemptAt?.toISOString() ?? null,
      status_code: r.statusCode,
      duration_ms: r.durationMs,
      excerpt: r.excerpt,
      error: r.error,
      counts: r.counts,
    }));
    await this.dataSource.query(`SELECT finish_outbound_webhook_deliveries($1::jsonb)`, [JSON.stringify(rows)]);
  }
}
