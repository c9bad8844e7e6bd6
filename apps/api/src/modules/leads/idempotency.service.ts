import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sha256 } from '../../common/crypto/tokens';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
import { canonicalJson } from './canonical-json';
import { IdempotencyKeyReusedException } from './idempotency-key-reused.exception';
import { IdempotencyRequestInFlightException } from './idempotency-request-in-flight.exception';
import { InvalidIdempotencyKeyException } from './invalid-idempotency-key.exception';
import { withTransactionRetry } from './transaction-retry';

export interface IdempotentResponse<T> {
  status: number;
  body: T;
}

export interface IdempotentOutcome<T> extends IdempotentResponse<T> {
  // True when the body is the stored answer of an earlier request with the same key.
  replayed: boolean;
}

// An in-flight record older than this belongs to a request whose process died; a retry may take it over.
const ABANDONED_AFTER = `interval '5 minutes'`;
const KEEP_FOR = `interval '24 hours'`;
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

type Begin = { kind: 'started' } | { kind: 'replay'; status: number; body: unknown };

// Idempotency-Key support: the first request with a key runs and its response is stored in the same
// transaction as its changes; a repeat with the same body gets that response back, a different body is
// refused, and a repeat while the first still runs is told to wait.
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(private readonly db: TenantDb) {}

  // `work` runs in a tenant transaction (retried on transient conflicts); a key, when given, scopes the
  // request per tenant and route.
  async execute<T>(
    tenantId: string,
    scope: string,
    key: string | undefined,
    request: unknown,
    work: (m: EntityManager) => Promise<IdempotentResponse<T>>,
  ): Promise<IdempotentOutcome<T>> {
    if (key === undefined) {
      const response = await withTransactionRetry(() => this.db.run(tenantId, work));
      return { ...response, replayed: false };
    }
    if (!VALID_KEY.test(key)) throw new InvalidIdempotencyKeyException();
    const hash = sha256(canonicalJson(request));

    const begun = await this.begin(tenantId, scope, key, hash);
    if (begun.kind === 'replay') return { status: begun.status, body: begun.body as T, replayed: true };
    try {
      const response = await withTransactionRetry(() =>
        this.db.run(tenantId, async (m) => {
          const result = await work(m);
          await m.query(
            `UPDATE idempotency_keys SET state = 'completed', response_status = $4, response_body = $5::jsonb
             WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND request_hash = $6`,
            [tenantId, scope, key, result.status, JSON.stringify(result.body), hash],
          );
          return result;
        }),
      );
      return { ...response, replayed: false };
    } catch (error) {
      await this.release(tenantId, scope, key, hash);
      throw error;
    }
  }

  private begin(tenantId: string, scope: string, key: string, hash: string): Promise<Begin> {
    return this.db.run(tenantId, async (m) => {
      await m.query(
        `DELETE FROM idempotency_keys
         WHERE tenant_id = $1 AND scope = $2 AND key = $3
           AND (expires_at <= now() OR (state = 'in_flight' AND created_at < now() - ${ABANDONED_AFTER}))`,
        [tenantId, scope, key],
      );
      const inserted = await queryRows(
        m,
        `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, state, expires_at)
         VALUES ($1, $2, $3, $4, 'in_flight', now() + ${KEEP_FOR})
         ON CONFLICT DO NOTHING
         RETURNING key`,
        [tenantId, scope, key, hash],
      );
      if (inserted.length > 0) return { kind: 'started' };
      const [row] = await queryRows<{ request_hash: string; state: string; response_status: number | null; response_body: unknown }>(
        m,
        `SELECT request_hash, state, response_status, response_body FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3`,
        [tenantId, scope, key],
      );
      // Gone again between the two statements: the first request just failed; the client may retry.
      if (!row) throw new IdempotencyRequestInFlightException();
      if (row.request_hash !== hash) throw new IdempotencyKeyReusedException();
      if (row.state !== 'completed' || row.response_status === null) throw new IdempotencyRequestInFlightException();
      return { kind: 'replay', status: row.response_status, body: row.response_body };
    });
  }

  // The request failed: forget the key so the client can retry with it.
  private async release(tenantId: string, scope: string, key: string, hash: string): Promise<void> {
    try {
      await this.db.run(tenantId, (m) =>
        m.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND scope = $2 AND key = $3 AND request_hash = $4 AND state = 'in_flight'`, [
          tenantId,
          scope,
          key,
          hash,
        ]),
      );
    } catch (error) {
      // Left in flight, the key frees itself after ABANDONED_AFTER.
      this.logger.warn({ err: error, scope }, 'could not release an idempotency key');
    }
  }
}
