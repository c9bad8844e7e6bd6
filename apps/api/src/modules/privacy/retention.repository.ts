import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';

export interface RetentionRow {
  tenant_id: string;
  inactive_lead_months: number | null;
  webhook_payload_days: number | null;
  import_days: number | null;
  audit_months: number | null;
  last_run_at: Date | null;
  last_result: Record<string, number> | null;
}

export type RetentionRules = Pick<RetentionRow, 'inactive_lead_months' | 'webhook_payload_days' | 'import_days' | 'audit_months'>;

const COLUMNS = 'tenant_id, inactive_lead_months, webhook_payload_days, import_days, audit_months, last_run_at, last_result';

// The SQL of retention: the settings row, the workspaces due a run, and what each rule removes.
@Injectable()
export class RetentionRepository {
  async get(m: EntityManager, tenantId: string): Promise<RetentionRow | null> {
    const [row] = await queryRows<RetentionRow>(m, `SELECT ${COLUMNS} FROM privacy_retention WHERE tenant_id = $1`, [tenantId]);
    return row ?? null;
  }

  async save(m: EntityManager, tenantId: string, rules: RetentionRules): Promise<RetentionRow> {
    const [row] = await queryRows<RetentionRow>(
      m,
      `INSERT INTO privacy_retention (tenant_id, inactive_lead_months, webhook_payload_days, import_days, audit_months) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET inactive_lead_months = excluded.inactive_lead_months, webhook_payload_days = excluded.webhook_payload_days,
         import_days = excluded.import_days, audit_months = excluded.audit_months
       RETURNING ${COLUMNS}`,
      [tenantId, rules.inactive_lead_months, rules.webhook_payload_days, rules.import_days, rules.audit_months],
    );
    return row;
  }

  async recordRun(m: EntityManager, tenantId: string, at: Date, result: Record<string, number>): Promise<void> {
    await queryRows(m, `UPDATE privacy_retention SET last_run_at = $2, last_result = $3 WHERE tenant_id = $1`, [tenantId, at, JSON.stringify(result)]);
  }

  // Workspaces with a rule on whose last run is at least `minGapMs` old (cross-tenant transaction).
  due(m: EntityManager, now: Date, minGapMs: number): Promise<RetentionRow[]> {
    return queryRows<RetentionRow>(
      m,
      `SELECT ${COLUMNS} FROM privacy_retention
       WHERE (inactive_lead_months IS NOT NULL OR webhook_payload_days IS NOT NULL OR import_days IS NOT NULL OR audit_months IS NOT NULL)
         AND (last_run_at IS NULL OR last_run_at <= $1::timestamptz - make_interval(secs => $2::double precision / 1000))
       ORDER BY tenant_id`,
      [now, minGapMs],
    );
  }

  // Leads (with the trash) neither changed nor on the timeline since the cutoff, not erased yet.
  async inactiveLeads(m: EntityManager, tenantId: string, cutoff: Date, limit: number): Promise<Array<{ id: string; email: string | null; phone: string | null }>> {
    return queryRows(
      m,
      `SELECT l.id, l.email, l.phone FROM leads l
       WHERE l.tenant_id = $1 AND l.updated_at < $2 AND NOT (l.metadata ? 'erased')
         AND NOT EXISTS (SELECT 1 FROM lead_events e WHERE e.tenant_id = l.tenant_id AND e.lead_id = l.id AND e.created_at >= $2)
       ORDER BY l.updated_at LIMIT $3`,
      [tenantId, cutoff, limit],
    );
  }

  // The same as purge_webhook_payloads() (Integrations I), for one workspace's own, shorter period.
  async purgeWebhookPayloads(m: EntityManager, tenantId: string, cutoff: Date): Promise<number> {
    const rows = await queryRows(
      m,
      `UPDATE webhook_deliveries SET body = NULL, body_purged_at = now() WHERE tenant_id = $1 AND body IS NOT NULL AND received_at < $2 RETURNING 1`,
      [tenantId, cutoff],
    );
    return rows.length;
  }

  // Staged rows and error reports of finished imports started before the cutoff; the import's record
  // (counts, who, when) stays.
  async purgeImports(m: EntityManager, tenantId: string, cutoff: Date): Promise<{ rows: number; errors: number }> {
    const old = `SELECT id FROM lead_imports WHERE tenant_id = $1 AND created_at < $2 AND status IN ('completed', 'failed')`;
    const [counts] = await queryRows<{ rows: number; errors: number }>(
      m,
      `WITH r AS (DELETE FROM lead_import_rows WHERE tenant_id = $1 AND import_id IN (${old}) RETURNING 1),
            e AS (DELETE FROM lead_import_errors WHERE tenant_id = $1 AND import_id IN (${old}) RETURNING 1)
       SELECT (SELECT count(*) FROM r)::int AS rows, (SELECT count(*) FROM e)::int AS errors`,
      [tenantId, cutoff],
    );
    return counts;
  }

  // Through the owner function, which refuses a cutoff younger than 12 months.
  async purgeAuditEntries(m: EntityManager, cutoff: Date): Promise<number> {
    const [row] = await queryRows<{ n: string }>(m, `SELECT purge_workspace_audit_logs($1) AS n`, [cutoff]);
    return Number(row.n);
  }
}
