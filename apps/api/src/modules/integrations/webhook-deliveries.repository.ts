import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { inlineParams } from '../../common/db/inline-params';
import { queryRows } from '../../common/db/sql';
import type { TenantDb } from '../../common/db/tenant-db.service';
import type { DeliveryCursor } from './delivery-cursor';
import type { DeliveryState, ProviderName, SignatureResult } from './integration-values';

export interface NewDelivery {
  tenantId: string;
  connectionId: string;
  body: Buffer;
  bodySha256: string;
  headers: Record<string, string>;
  sourceIp: string | null;
  signature: SignatureResult;
  dedupeKey: string | null;
  action: string | null;
  state: DeliveryState;
  lastError?: string | null;
}

// A delivery as the list and the detail read it (columns aliased to the DTO's names).
export interface DeliveryRow {
  id: string;
  connectionId: string;
  receivedAt: Date;
  receivedMicros: string;
  signature: SignatureResult;
  action: string | null;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  leadId: string | null;
  processedAt: Date | null;
  bodySize: number;
  bodyPurgedAt: Date | null;
  dedupeKey: string | null;
  sourceIp: string | null;
}

export interface DeliveryDetailRow extends DeliveryRow {
  headers: Record<string, string>;
  body: Buffer | null;
  result: Record<string, unknown> | null;
}

const COLUMNS = `d.id, d.connection_id AS "connectionId", d.received_at AS "receivedAt",
  (extract(epoch FROM d.received_at) * 1000000)::bigint::text AS "receivedMicros", d.signature, d.action, d.state,
  d.attempts, d.last_error AS "lastError", d.lead_id AS "leadId", d.processed_at AS "processedAt", d.body_size AS "bodySize",
  d.body_purged_at AS "bodyPurgedAt", d.dedupe_key AS "dedupeKey", d.source_ip AS "sourceIp"`;

// What a processing job reads first: the delivery and its connection's sealed credentials.
export interface ProcessingRow {
  state: DeliveryState;
  body: Buffer | null;
  connectionId: string;
  provider: ProviderName;
  credentials: string | null;
  keyId: string | null;
}

// The webhook ledger's SQL. Every method runs in the caller's tenant transaction.
@Injectable()
export class WebhookDeliveriesRepository {
  // Stores a delivery unless one with its dedupe key already counts for the connection (the partial unique
  // index decides, so two replicas racing on the same delivery store it once). Answers the id, or null.
  async insertUnlessSeen(m: EntityManager, d: NewDelivery): Promise<string | null> {
    const rows = await queryRows<{ id: string }>(
      m,
      `INSERT INTO webhook_deliveries (tenant_id, connection_id, body, body_size, body_sha256, headers, source_ip, signature, dedupe_key, action, state, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (connection_id, dedupe_key) WHERE dedupe_key IS NOT NULL AND state NOT IN ('rejected', 'duplicate') DO NOTHING
       RETURNING id`,
      this.values(d),
    );
    return rows[0]?.id ?? null;
  }

  // The endpoint's one-round-trip path: one statement, in a tenant transaction (TenantDb.script), that
  // stores the delivery unless its dedupe key was seen, with its processing job (`job` writes the job
  // INSERT for the rows of a CTE and their data, see JobsService.insertJobsSql), and only while the
  // connection is still enabled with the very credentials the signature was checked with (`fingerprint`,
  // md5 of the sealed credentials). A delivery never commits without its job: the job INSERT fails the
  // whole statement when its queue is missing. Run by insertWithJobsIfCurrent, several at a time.
  insertWithJobIfCurrentSql(d: NewDelivery, fingerprint: string, job: (from: string, data: string) => string): string {
    return inlineParams(
      `WITH c AS (SELECT id FROM integration_connections WHERE id = $1::uuid AND status <> 'disabled' AND md5(credentials) = $2::text),
       d AS (
         INSERT INTO webhook_deliveries (tenant_id, connection_id, body, body_size, body_sha256, headers, source_ip, signature, dedupe_key, action, state, last_error)
         SELECT $3::uuid, c.id, decode($4::text, 'hex'), $5::int, $6::text, $7::jsonb, $8::text, $9::text, $10::text, $11::text, $12::text, NULL FROM c
         ON CONFLICT (connection_id, dedupe_key) WHERE dedupe_key IS NOT NULL AND state NOT IN ('rejected', 'duplicate') DO NOTHING
         RETURNING id, tenant_id
       ),
       j AS (${job('d', `jsonb_build_object('tenantId', d.tenant_id, 'deliveryId', d.id)`)})
       SELECT (SELECT count(*) FROM c)::int AS current, (SELECT id FROM d) AS "deliveryId"`,
      [
        d.connectionId,
        fingerprint,
        d.tenantId,
        d.body.toString('hex'),
        d.body.length,
        d.bodySha256,
        JSON.stringify(d.headers),
        d.sourceIp,
        d.signature,
        d.dedupeKey,
        d.action,
        d.state,
      ],
    );
  }

  // Statements of insertWithJobIfCurrentSql for one workspace, in one transaction and one round trip
  // (TenantDb.scripts). Answers, for each, whether the connection matched and the new delivery's id (null
  // when it did not match or the dedupe key was seen: nothing was written for it then).
  async insertWithJobsIfCurrent(db: TenantDb, tenantId: string, statements: string[]): Promise<Array<{ current: boolean; deliveryId: string | null }>> {
    const results = (await db.scripts(tenantId, statements)) as Array<Array<{ current: number; deliveryId: string | null }>>;
    return results.map(([row]) => ({ current: row.current > 0, deliveryId: row.deliveryId }));
  }

  // Rejected and duplicate rows never conflict (the unique index leaves them out).
  async insert(m: EntityManager, d: NewDelivery): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      m,
      `INSERT INTO webhook_deliveries (tenant_id, connection_id, body, body_size, body_sha256, headers, source_ip, signature, dedupe_key, action, state, last_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING id`,
      this.values(d),
    );
    return row.id;
  }

  async rejectedSince(m: EntityManager, connectionId: string, since: Date): Promise<number> {
    const [row] = await queryRows<{ count: string }>(
      m,
      `SELECT count(*) AS count FROM webhook_deliveries WHERE connection_id = $1 AND state = 'rejected' AND received_at > $2`,
      [connectionId, since],
    );
    return Number(row.count);
  }

  async countUnrecordedRejection(m: EntityManager, connectionId: string): Promise<void> {
    await m.query(`UPDATE integration_connections SET rejected_unrecorded = rejected_unrecorded + 1 WHERE id = $1`, [connectionId]);
  }

  async markNeedsAttention(m: EntityManager, connectionId: string, reason: string): Promise<void> {
    await m.query(`UPDATE integration_connections SET status = 'needs_attention', last_error = $2, last_error_at = now() WHERE id = $1 AND status = 'active'`, [connectionId, reason]);
  }

  async list(m: EntityManager, connectionId: string, filter: { state?: DeliveryState; cursor: DeliveryCursor | null; limit: number }): Promise<DeliveryRow[]> {
    const params: unknown[] = [connectionId];
    const where = ['d.connection_id = $1'];
    if (filter.state) {
      params.push(filter.state);
      where.push(`d.state = $${params.length}`);
    }
    if (filter.cursor) {
      params.push(filter.cursor.micros, filter.cursor.id);
      where.push(`(d.received_at, d.id) < (to_timestamp($${params.length - 1}::bigint / 1000000.0), $${params.length}::uuid)`);
    }
    params.push(filter.limit);
    return queryRows<DeliveryRow>(
      m,
      `SELECT ${COLUMNS} FROM webhook_deliveries d WHERE ${where.join(' AND ')} ORDER BY d.received_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async find(m: EntityManager, connectionId: string, id: string, lock = false): Promise<DeliveryDetailRow | null> {
    const [row] = await queryRows<DeliveryDetailRow>(
      m,
      `SELECT ${COLUMNS}, d.headers, d.body, d.result FROM webhook_deliveries d WHERE d.connection_id = $1 AND d.id = $2${lock ? ' FOR UPDATE' : ''}`,
      [connectionId, id],
    );
    return row ?? null;
  }

  async findForProcessing(m: EntityManager, id: string): Promise<(DeliveryDetailRow & { tenantId: string }) | null> {
    const [row] = await queryRows<DeliveryDetailRow & { tenantId: string }>(
      m,
      `SELECT ${COLUMNS}, d.headers, d.body, d.result, d.tenant_id AS "tenantId" FROM webhook_deliveries d WHERE d.id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  // A batch of jobs' first read, in one round trip of its own (TenantDb.readOnce): the provider calls come
  // next, outside any transaction.
  async findManyWithConnection(db: TenantDb, tenantId: string, ids: readonly string[]): Promise<Array<ProcessingRow & { id: string }>> {
    if (ids.length === 0) return [];
    return db.readOnce<ProcessingRow & { id: string }>(
      tenantId,
      `SELECT d.id, d.state, d.body, c.id AS "connectionId", c.provider, c.credentials, c.credentials_key_id AS "keyId"
       FROM webhook_deliveries d JOIN integration_connections c ON c.id = d.connection_id WHERE d.id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
      [...ids],
    );
  }

  async finish(m: EntityManager, id: string, outcome: { state: DeliveryState; lastError: string | null; result?: Record<string, unknown> | null; leadId?: string | null }): Promise<void> {
    await m.query(
      `UPDATE webhook_deliveries SET state = $2, last_error = $3, attempts = attempts + 1,
         result = CASE WHEN $4::boolean THEN $5::jsonb ELSE result END,
         lead_id = CASE WHEN $4::boolean THEN $6::uuid ELSE lead_id END,
         processed_at = CASE WHEN $2 = 'processed' THEN now() ELSE processed_at END
       WHERE id = $1`,
      [id, outcome.state, outcome.lastError, outcome.result !== undefined, outcome.result === undefined ? null : JSON.stringify(outcome.result), outcome.leadId ?? null],
    );
  }

  // A batch's deliveries locked while they are finished (in id order, so two batches never wait on each
  // other in a circle): answers each one's state.
  async lockForProcessing(m: EntityManager, ids: readonly string[]): Promise<Map<string, DeliveryState>> {
    const rows = await queryRows<{ id: string; state: DeliveryState }>(
      m,
      `SELECT id, state FROM webhook_deliveries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.state]));
  }

  // finish() for a batch of processed deliveries, in one statement.
  async finishMany(
    m: EntityManager,
    outcomes: ReadonlyArray<{
      id: string;
      state: DeliveryState;
      lastError: string | null;
      result: Record<string, unknown>;
      leadId: string | null;
    }>,
  ): Promise<void> {
    if (outcomes.length === 0) return;
    await m.query(
      `UPDATE webhook_deliveries d SET state = u.state, last_error = u.last_error, attempts = d.attempts + 1, result = u.result, lead_id = u.lead_id,
         processed_at = CASE WHEN u.state = 'processed' THEN now() ELSE d.processed_at END
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[], $5::uuid[]) AS u(id, state, last_error, result, lead_id)
       WHERE d.id = u.id`,
      [
        outcomes.map((o) => o.id),
        outcomes.map((o) => o.state),
        outcomes.map((o) => o.lastError),
        outcomes.map((o) => JSON.stringify(o.result)),
        outcomes.map((o) => o.leadId),
      ],
    );
  }

  // A replay: back to `received`, so the processing job takes it again.
  async requeue(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE webhook_deliveries SET state = 'received', last_error = NULL WHERE id = $1`, [id]);
  }

  // Failed deliveries of a connection whose credentials were just fixed: queued again.
  async requeueFailed(m: EntityManager, connectionId: string, limit: number): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      m,
      `UPDATE webhook_deliveries SET state = 'received', last_error = NULL
       WHERE id IN (SELECT id FROM webhook_deliveries WHERE connection_id = $1 AND state = 'failed' AND body IS NOT NULL ORDER BY received_at LIMIT $2)
       RETURNING id`,
      [connectionId, limit],
    );
    return rows.map((r) => r.id);
  }

  // Across tenants, through the owner function of the WebhookDeliveries migration.
  async purgeBodies(m: EntityManager, cutoff: Date): Promise<number> {
    const [row] = await queryRows<{ purged: string }>(m, `SELECT purged FROM purge_webhook_payloads($1)`, [cutoff]);
    return Number(row.purged);
  }

  private values(d: NewDelivery): unknown[] {
    return [
      d.tenantId,
      d.connectionId,
      d.body,
      d.body.length,
      d.bodySha256,
      JSON.stringify(d.headers),
      d.sourceIp,
      d.signature,
      d.dedupeKey,
      d.action,
      d.state,
      d.lastError ?? null,
    ];
  }
}
