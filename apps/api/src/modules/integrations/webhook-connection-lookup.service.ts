import { Injectable } from '@nestjs/common';
import { TenantDb } from '../../common/db/tenant-db.service';
import { queryRows } from '../../common/db/sql';
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

// An id that never exists, looked up in place of a malformed one so both cost one query.
const NIL = '00000000-0000-4000-8000-000000000000';

// Finds the connection a webhook is addressed to. The connection id in the path is all a delivery carries
// before its signature is checked, so this is a credential look-up (TenantDb.crossTenant, as for forms and
// API keys), and it reads only integration_connections.
@Injectable()
export class WebhookConnectionLookup {
  constructor(
    private readonly db: TenantDb,
    private readonly vault: CredentialsVaultService,
  ) {}

  async find(id: string): Promise<WebhookConnection | null> {
    const [row] = await this.db.crossTenant((m) =>
      queryRows<{ id: string; tenantId: string; provider: ProviderName; status: ConnectionStatus; credentials: string | null; keyId: string | null }>(
        m,
        `SELECT id, tenant_id AS "tenantId", provider, status, credentials, credentials_key_id AS "keyId" FROM integration_connections WHERE id = $1`,
        [isUuid(id) ? id : NIL],
      ),
    );
    if (!row || !row.credentials || !row.keyId) return null;
    return { id: row.id, tenantId: row.tenantId, provider: row.provider, status: row.status, credentials: this.vault.open(row.id, { ciphertext: row.credentials, keyId: row.keyId }) };
  }
}
