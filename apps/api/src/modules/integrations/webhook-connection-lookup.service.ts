import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '../../common/db/tenant-db.service';
import { isUuid } from '../../common/db/uuid';
import { CredentialsVaultService } from './credentials-vault.service';
import type { Credentials } from './credentials-vault';
import type { ConnectionStatus, ProviderName } from './integration-values';

export interface WebhookConnection {
  id: string;
  tenantId: string;
  provider: ProviderName;
  status: ConnectionStatus;
  credentials: Credentials;
}

// A connection as this process last read it, for the endpoint's one-round-trip path: `fingerprint` (md5
// of the sealed credentials as stored) is what that path checks against the row in the same statement as
// its insert, so an entry that another replica made stale (new credentials, a rotation, a re-encryption)
// is never acted on; only a valid signature under these credentials takes that path.
export interface CachedWebhookConnection {
  id: string;
  tenantId: string;
  provider: ProviderName;
  credentials: Credentials;
  fingerprint: string;
  expiresAt: number;
}

// How long a decrypted connection may stay in memory, and how many may: the check against the row keeps
// it correct; these bound how long and how many secrets sit in the heap.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 1_000;

interface ConnectionRow {
  id: string;
  tenantId: string;
  provider: ProviderName;
  status: ConnectionStatus;
  credentials: string | null;
  keyId: string | null;
}

// An id that never exists, looked up in place of a malformed one so both cost one query.
const NIL = '00000000-0000-4000-8000-000000000000';

const LOOKUP = `SELECT id, tenant_id AS "tenantId", provider, status, credentials, credentials_key_id AS "keyId" FROM integration_connections WHERE id = $1`;

// Finds the connection a webhook is addressed to. The connection id in the path is all a delivery carries
// before its signature is checked, so this is a credential look-up (the crossTenant rule, as for forms and
// API keys), and it reads only integration_connections.
@Injectable()
export class WebhookConnectionLookup {
  constructor(
    private readonly db: TenantDb,
    private readonly vault: CredentialsVaultService,
  ) {}

  private readonly cache = new Map<string, CachedWebhookConnection>();

  // The connection as last read here, while fresh: its credentials still need the check against the row.
  cached(id: string, now = Date.now()): CachedWebhookConnection | undefined {
    const entry = this.cache.get(id);
    if (entry && entry.expiresAt <= now) this.cache.delete(id);
    return entry && entry.expiresAt > now ? entry : undefined;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  // The fingerprint the one-round-trip path compares with md5(credentials) of the row.
  static fingerprintOf(sealed: string): string {
    return createHash('md5').update(sealed, 'utf8').digest('hex');
  }

  private remember(row: ConnectionRow & { credentials: string }, credentials: Credentials): void {
    // Map keeps insertion order: the oldest entry goes first.
    if (this.cache.size >= CACHE_MAX && !this.cache.has(row.id)) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(row.id, {
      id: row.id,
      tenantId: row.tenantId,
      provider: row.provider,
      credentials,
      fingerprint: WebhookConnectionLookup.fingerprintOf(row.credentials),
      expiresAt: Date.now() + CACHE_TTL_MS,
    });
  }

  // Runs `fn` in the transaction of the connection's workspace, which the look-up opens in the same round
  // trip (TenantDb.inTenantOf): the webhook endpoint's time is its round trips. Every id costs the same one
  // look-up; `fn` gets null for an unknown one (and a transaction that sees no workspace).
  inWorkspaceOf<T>(id: string, fn: (connection: WebhookConnection | null, m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.inTenantOf<ConnectionRow, T>(LOOKUP, [isUuid(id) ? id : NIL], (row, m) => {
      if (!row || !row.credentials || !row.keyId) return fn(null, m);
      const credentials = this.vault.open(row.id, { ciphertext: row.credentials, keyId: row.keyId });
      if (row.status === 'disabled') this.forget(row.id);
      else this.remember({ ...row, credentials: row.credentials }, credentials);
      return fn({ id: row.id, tenantId: row.tenantId, provider: row.provider, status: row.status, credentials }, m);
    });
  }
}
