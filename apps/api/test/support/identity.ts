import { randomBytes } from 'node:crypto';
import type { Permission } from '@hotleads/shared';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { sha256 } from '../../src/common/crypto/tokens';
import { TenantDb } from '../../src/common/db/tenant-db.service';

export interface AuditRow {
  action: string;
  outcome: string;
  actor_id: string | null;
  resource_type: string | null;
  resource_id: string | null;
  changes: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
}

// The audit entries of one resource, oldest first.
export function auditRowsFor(app: NestFastifyApplication, tenantId: string, resourceId: string): Promise<AuditRow[]> {
  return app
    .get(TenantDb)
    .run(tenantId, (m) =>
      m.query(
        `select action, outcome, actor_id, resource_type, resource_id, changes, metadata
           from audit_logs where resource_id = $1 order by created_at, id`,
        [resourceId],
      ),
    );
}

// An API key row written straight to the database (the API-keys module is not under test here).
export async function createApiKey(app: NestFastifyApplication, tenantId: string, scopes: Permission[]): Promise<string> {
  const key = `hl_${randomBytes(24).toString('base64url')}`;
  await app.get(TenantDb).run(tenantId, (m) =>
    m.query(`insert into api_keys (tenant_id, name, prefix, key_hash, scopes) values ($1, 'test key', $2, $3, $4)`, [
      tenantId,
      key.slice(0, 15),
      sha256(key),
      scopes,
    ]),
  );
  return key;
}
