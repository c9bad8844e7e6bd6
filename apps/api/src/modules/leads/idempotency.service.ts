import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sha256 } from '../../common/crypto/tokens';
import { TenantDb } from '../../common/db/tenant-db.service';
import { canonicalJson } from './canonical-json';
import { IdempotencyRepository, type IdempotencyKeyRef } from './idempotency.repository';
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

const VALID_KEY = /^[\x20-\x7e]{1,255}$/;

type Begin = { kind: 'started' } | { kind: 'replay'; status: number; body: unknown };

// Idempotency-Key support: the first request with a key runs and its response is stored in the same
// transaction as its changes; a repeat with the same body gets that response back, a different body is
// refused, and a repeat while the first still runs is told to wait.
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    private readonly db: TenantDb,
    private readonly repository: IdempotencyRepository,
  ) {}

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
    const ref: IdempotencyKeyRef = { tenantId, scope, key, hash: sha256(canonicalJson(request)) };

    const begun = await this.begin(ref);
    if (begun.kind === 'replay') return { status: begun.status, body: begun.body as T, replayed: true };
    try {
      const response = await withTransactionRetry(() =>
        this.db.run(tenantId, async (m) => {
          const result = await work(m);
          await this.repository.complete(m, ref, result.status, result.body);
          return result;
        }),
      );
      return { ...response, replayed: false };
    } catch (error) {
      await this.release(ref);
      throw error;
    }
  }

  private begin(ref: IdempotencyKeyRef): Promise<Begin> {
    return this.db.run(ref.tenantId, async (m) => {
      if (await this.repository.claim(m, ref)) return { kind: 'started' };
      const row = await this.repository.find(m, ref);
      // Gone again between the two statements: the first request just failed; the client may retry.
      if (!row) throw new IdempotencyRequestInFlightException();
      if (row.requestHash !== ref.hash) throw new IdempotencyKeyReusedException();
      if (row.state !== 'completed' || row.responseStatus === null) throw new IdempotencyRequestInFlightException();
      return { kind: 'replay', status: row.responseStatus, body: row.responseBody };
    });
  }

  // The request failed: forget the key so the client can retry with it.
  private async release(ref: IdempotencyKeyRef): Promise<void> {
    try {
      // Also when the request failed because its client left (its statements were cancelled then).
      await this.db.detached(() => this.db.run(ref.tenantId, (m) => this.repository.release(m, ref)));
    } catch (error) {
      // Left in flight, the key frees itself after a while (IdempotencyRepository.claim).
      this.logger.warn({ err: error, scope: ref.scope }, 'could not release an idempotency key');
    }
  }
}
