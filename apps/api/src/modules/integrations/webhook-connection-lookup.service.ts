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

  // Runs `fn` in the transaction of the connection's workspace, which the look-up opens in the same round
  // trip (TenantDb.inTenantOf): the webhook endpoint's time is its round trips. Every id costs the same one
  // look-up; `fn` gets null for an unknown one (and a transaction that sees no workspace).
  inWorkspaceOf<T>(id: string, fn: (connection: WebhookConnection | null, m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.inTenantOf<ConnectionRow, T>(LOOKUP, [isUuid(id) ? id : NIL], (row, m) => {
      if (!row || !row.credentials || !row.keyId) return fn(null, m);
      const credentials = this.vault.open(row.id, { ciphertext: row.credentials, keyId: row.keyId });
      return fn({ id: row.id, tenantId: row.tenantId, provider: row.provider, status: row.status, credentials }, m);
    });
  }
}
