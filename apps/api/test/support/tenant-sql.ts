import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TenantDb } from '../../src/common/db/tenant-db.service';
import { queryRows } from '../../src/common/db/sql';

// Raw SQL as the app role inside one tenant (row-level security applies), for arranging and checking state.
export function tenantSql<T = Record<string, unknown>>(app: NestFastifyApplication, tenantId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return app.get(TenantDb).run(tenantId, (m) => queryRows<T>(m, sql, params));
}

export async function auditActions(app: NestFastifyApplication, tenantId: string, resourceOrActorId: string): Promise<string[]> {
  const rows = await tenantSql<{ action: string; outcome: string }>(
    app,
    tenantId,
    `select action, outcome from audit_logs where resource_id = $1 or actor_id::text = $1 order by created_at`,
    [resourceOrActorId],
  );
  return rows.map((r) => `${r.action}:${r.outcome}`);
}
