import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';

// An in-flight record older than this belongs to a request whose process died; a retry may take it over.
const ABANDONED_AFTER = `interval '5 minutes'`;
const KEEP_FOR = `interval '24 hours'`;

export interface IdempotencyKeyRef {
  tenantId: string;
  scope: string;
  key: string;
  // sha256 of the canonical request body.
  hash: string;
}

export interface StoredKey {
  requestHash: string;
  state: string;
  responseStatus: number | null;
  responseBody: unknown;
}

// The SQL of idempotency_keys; every method runs in the caller's tenant transaction (TenantDb.run).
@Injectable()
export class IdempotencyRepository {
  // Drops the key when it expired or was abandoned in flight, then claims it; true when this request
  // now owns the key.
  async claim(m: EntityManager, k: IdempotencyKeyRef): Promise<boolean> {
    await m.query(
      `DELETE FROM idempotency_keys
       WHERE tenant_id = $1 AND scope = $2 AND key = $3
         AND (expires_at <= now() OR (state = 'in_flight' AND created_at < now() - ${ABANDONED_AFTER}))`,
      [k.tenantId, k.scope, k.key],
    );
    const inserted = await queryRows(
      m,
      `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, state, expires_at)
       VALUES ($1, $2, $3, $4, 'in_flight', now() + ${KEEP_FOR})
       ON CONFLICT DO NOTHING
       RETURNING key`,
      [k.tenantId, k.scope, k.key, k.hash],
    );
    return inserted.length > 0;
  }

  async find(m: EntityManager, k: Omit<IdempotencyKeyRef, 'hash'>): Promise<StoredKey | null> {
    const [row] = await queryRows<StoredKey>(
      m,
      `SELECT request_hash AS "requestHash", state, response_status AS "responseStatus", response_body AS "responseBody"
       FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
      [k.tenantId, k.scope, k.key],
    );
    return row ?? null;
  }

  // In the transaction of the request's changes, so a replay never describes something not stored.
  async complete(m: EntityManager, k: IdempotencyKeyRef, status: number, body: unknown): Promise<void> {
    await m.query(
      `UPDATE idempotency_keys SET state = 'completed', response_status = $4, response_body = $5::jsonb
       WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND request_hash = $6`,
      [k.tenantId, k.scope, k.key, status, JSON.stringify(body), k.hash],
    );
  }

  async release(m: EntityManager, k: IdempotencyKeyRef): Promise<void> {
    await m.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND request_hash = $4 AND state = 'in_flight'`, [
      k.tenantId,
      k.scope,
      k.key,
      k.hash,
    ]);
  }
}
