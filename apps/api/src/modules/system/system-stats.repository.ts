import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../common/db/sql';
import type { QueueSnapshot } from '../../common/metrics/metrics.service';
import { JOBS_SCHEMA } from '../jobs/jobs.service';

// The few cross-cutting numbers the System report and the metrics need. All of them read small tables or
// partial indexes; none scans leads.
@Injectable()
export class SystemStatsRepository {
  // Per queue (dead-letter queues included): jobs waiting to run (their start time reached), running, and
  // failed for good, plus how long the longest-waiting runnable job has waited.
  async queues(m: EntityManager): Promise<QueueSnapshot[]> {
    const rows = await queryRows<{ name: string; queued: string; active: string; failed: string; oldest: number | null }>(
      m,
      `SELECT q.name,
              count(*) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now()) AS queued,
              count(*) FILTER (WHERE j.state = 'active') AS active,
              count(*) FILTER (WHERE j.state = 'failed') AS failed,
              extract(epoch FROM now() - min(j.start_after) FILTER (WHERE j.state IN ('created', 'retry') AND j.start_after <= now()))::float8 AS oldest
       FROM ${JOBS_SCHEMA}.queue q LEFT JOIN ${JOBS_SCHEMA}.job j ON j.name = q.name
       GROUP BY q.name ORDER BY q.name`,
    );
    return rows.map((r) => ({ queue: r.name, queued: Number(r.queued), active: Number(r.active), failed: Number(r.failed), oldestQueuedSeconds: Math.max(0, Math.round(r.oldest ?? 0)) }));
  }

  // pg-boss stamps its maintenance run, which only processes with workers do (supervise), every couple of
  // minutes: how long ago that was says whether any worker is alive.
  async workersLastSeenSeconds(m: EntityManager): Promise<number | null> {
    const [row] = await queryRows<{ age: number | null }>(m, `SELECT extract(epoch FROM now() - maintained_on)::float8 AS age FROM ${JOBS_SCHEMA}.version`);
    return row?.age ?? null;
  }

  // Cross-tenant (TenantDb.crossTenant): tenant ids only, so the counts below run inside each tenant.
  async tenantIds(m: EntityManager): Promise<string[]> {
    return (await queryRows<{ id: string }>(m, `SELECT id FROM tenants`)).map((r) => r.id);
  }

  async connectionsNeedingAttention(m: EntityManager, tenantId: string): Promise<{ count: number; since: Date | null }> {
    const [row] = await queryRows<{ count: string; since: Date | null }>(
      m,
      `SELECT count(*) AS count, min(coalesce(last_error_at, updated_at)) AS since FROM integration_connections WHERE tenant_id = $1 AND status = 'needs_attention'`,
      [tenantId],
    );
    return { count: Number(row.count), since: row.since };
  }

  async databaseSizeBytes(m: EntityManager): Promise<number> {
    const [row] = await queryRows<{ size: string }>(m, `SELECT pg_database_size(current_database()) AS size`);
    return Number(row.size);
  }

  async roundTrip(m: EntityManager): Promise<void> {
    await m.query('SELECT 1');
  }
}
