import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../../../common/db/sql';
import type { SyncRunStatus, SyncTrigger } from './sync-values';

export interface AppliedRecord {
  version: string;
  leadId: string | null;
  deletedAt: Date | null;
}

export interface RunCounts {
  pages: number;
  fetched: number;
  created: number;
  merged: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  requests: number;
}

export interface RunRow {
  id: string;
  connectionId: string;
  stream: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  startedAt: Date;
  startedMicros: string;
  finishedAt: Date | null;
  requests: number;
  pages: number;
  fetched: number;
  created: number;
  merged: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  checkpointFrom: string | null;
  checkpointTo: string | null;
  error: string | null;
}

const RUN_COLUMNS = `id, connection_id AS "connectionId", stream, trigger, status, started_at AS "startedAt",
  (extract(epoch from started_at) * 1000000)::bigint::text AS "startedMicros", finished_at AS "finishedAt", requests, pages, fetched,
  created, merged, updated, unchanged, deleted, failed, checkpoint_from AS "checkpointFrom", checkpoint_to AS "checkpointTo", error`;

// The sync engine's SQL: stream leases and checkpoints, applied record versions, runs and their failures.
// Every method runs in the caller's tenant transaction.
@Injectable()
export class SyncRepository {
  // Takes the stream's lease for a run when it is free or its holder's lease ran out (a crashed worker);
  // null when another run holds it. Answers the checkpoint and the run whose lease was taken over.
  async claim(m: EntityManager, tenantId: string, connectionId: string, stream: string, runId: string, leaseMs: number): Promise<{ checkpoint: string | null; staleRunId: string | null } | null> {
    await queryRows(m, `INSERT INTO sync_streams (tenant_id, connection_id, stream) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [tenantId, connectionId, stream]);
    const rows = await queryRows<{ checkpoint: string | null; staleRunId: string | null }>(
      m,
      `WITH old AS (SELECT connection_id, stream, lease_run_id FROM sync_streams WHERE connection_id = $1 AND stream = $2 AND (lease_run_id IS NULL OR lease_until < now()) FOR UPDATE)
       UPDATE sync_streams s SET lease_run_id = $3, lease_until = now() + make_interval(secs => $4::double precision / 1000), updated_at = now()
       FROM old WHERE s.connection_id = old.connection_id AND s.stream = old.stream
       RETURNING s.checkpoint, old.lease_run_id AS "staleRunId"`,
      [connectionId, stream, runId, leaseMs],
    );
    return rows[0] ?? null;
  }

  async release(m: EntityManager, connectionId: string, stream: string, runId: string): Promise<void> {
    await queryRows(m, `UPDATE sync_streams SET lease_run_id = NULL, lease_until = NULL, updated_at = now() WHERE connection_id = $1 AND stream = $2 AND lease_run_id = $3`, [connectionId, stream, runId]);
  }

  async resetCheckpoint(m: EntityManager, connectionId: string): Promise<void> {
    await queryRows(m, `UPDATE sync_streams SET checkpoint = NULL, updated_at = now() WHERE connection_id = $1`, [connectionId]);
  }

  async applied(m: EntityManager, connectionId: string, stream: string, refs: string[]): Promise<Map<string, AppliedRecord>> {
    if (refs.length === 0) return new Map();
    // One primary-key probe per reference, whatever the statistics say. A first run fills sync_records
    // faster than it is analysed; planned as `source_ref = ANY(...)` on a table thought tiny, the look-up
    // read every record of the stream and filtered them, so each page cost more than the one before.
    const rows = await queryRows<{ ref: string; version: string; leadId: string | null; deletedAt: Date | null }>(
      m,
      `SELECT s.* FROM unnest($3::text[]) AS r(ref)
       CROSS JOIN LATERAL (SELECT source_ref AS ref, version, lead_id AS "leadId", deleted_at AS "deletedAt" FROM sync_records
                           WHERE connection_id = $1 AND stream = $2 AND source_ref = r.ref LIMIT 1) s`,
      [connectionId, stream, refs],
    );
    return new Map(rows.map((r) => [r.ref, r]));
  }

  // Records whose reference starts with one of the prefixes (a cancelled event's attendees).
  appliedByPrefix(m: EntityManager, connectionId: string, stream: string, prefixes: string[]): Promise<Array<{ ref: string; leadId: string | null; deletedAt: Date | null }>> {
    if (prefixes.length === 0) return Promise.resolve([]);
    const patterns = prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return queryRows(
      m,
      `SELECT source_ref AS ref, lead_id AS "leadId", deleted_at AS "deletedAt" FROM sync_records WHERE connection_id = $1 AND stream = $2 AND source_ref LIKE ANY($3::text[])`,
      [connectionId, stream, patterns],
    );
  }

  async markFullResync(m: EntityManager, runId: string): Promise<void> {
    await queryRows(m, `UPDATE sync_runs SET trigger = 'full_resync' WHERE id = $1`, [runId]);
  }

  async saveApplied(m: EntityManager, tenantId: string, connectionId: string, stream: string, rows: Array<{ ref: string; version: string; leadId: string | null }>): Promise<void> {
    if (rows.length === 0) return;
    await queryRows(
      m,
      `INSERT INTO sync_records (tenant_id, connection_id, stream, source_ref, version, lead_id)
       SELECT $1, $2, $3, r.ref, r.version, r.lead_id FROM unnest($4::text[], $5::text[], $6::uuid[]) AS r(ref, version, lead_id)
       ON CONFLICT (connection_id, stream, source_ref) DO UPDATE SET version = excluded.version, lead_id = coalesce(excluded.lead_id, sync_records.lead_id), deleted_at = NULL, applied_at = now()`,
      [tenantId, connectionId, stream, rows.map((r) => r.ref), rows.map((r) => r.version), rows.map((r) => r.leadId)],
    );
  }

  async markDeleted(m: EntityManager, connectionId: string, stream: string, refs: string[]): Promise<void> {
    if (refs.length === 0) return;
    await queryRows(m, `UPDATE sync_records SET deleted_at = now(), applied_at = now() WHERE connection_id = $1 AND stream = $2 AND source_ref = ANY($3::text[])`, [connectionId, stream, refs]);
  }

  async startRun(m: EntityManager, run: { id: string; tenantId: string; connectionId: string; stream: string; trigger: SyncTrigger; checkpointFrom: string | null }): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO sync_runs (id, tenant_id, connection_id, stream, trigger, status, checkpoint_from, checkpoint_to) VALUES ($1, $2, $3, $4, $5, 'running', $6, $6)`,
      [run.id, run.tenantId, run.connectionId, run.stream, run.trigger, run.checkpointFrom],
    );
  }

  // After a page: the run's counters and the stream's checkpoint in one statement (one round trip per
  // page, not two). The fence: it answers false when the run no longer holds the stream's lease, and the
  // caller then rolls the page back, counters included.
  async progress(m: EntityManager, p: { connectionId: string; stream: string; runId: string; counts: RunCounts; checkpoint: string | null; leaseMs: number }): Promise<boolean> {
    const c = p.counts;
    const rows = await queryRows(
      m,
      `WITH counted AS (
         UPDATE sync_runs SET pages = pages + $4, fetched = fetched + $5, created = created + $6, merged = merged + $7, updated = updated + $8,
           unchanged = unchanged + $9, deleted = deleted + $10, failed = failed + $11, requests = $12, checkpoint_to = coalesce($13, checkpoint_to) WHERE id = $3
       )
       UPDATE sync_streams SET checkpoint = coalesce($13, checkpoint), lease_until = now() + make_interval(secs => $14::double precision / 1000), updated_at = now()
       WHERE connection_id = $1 AND stream = $2 AND lease_run_id = $3 RETURNING 1`,
      [p.connectionId, p.stream, p.runId, c.pages, c.fetched, c.created, c.merged, c.updated, c.unchanged, c.deleted, c.failed, c.requests, p.checkpoint, p.leaseMs],
    );
    return rows.length === 1;
  }

  async finishRun(m: EntityManager, runId: string, status: SyncRunStatus, error: string | null, requests: number): Promise<void> {
    await queryRows(m, `UPDATE sync_runs SET status = $2, error = $3, requests = $4, finished_at = now() WHERE id = $1 AND status = 'running'`, [runId, status, error, requests]);
  }

  async interrupted(m: EntityManager, runId: string): Promise<void> {
    await queryRows(m, `UPDATE sync_runs SET status = 'failed', error = 'the worker running it stopped; the next run went on from its checkpoint', finished_at = now() WHERE id = $1 AND status = 'running'`, [runId]);
  }

  async addFailures(m: EntityManager, tenantId: string, runId: string, failures: Array<{ ref: string; error: string }>): Promise<void> {
    if (failures.length === 0) return;
    await queryRows(
      m,
      `INSERT INTO sync_run_failures (tenant_id, run_id, source_ref, error) SELECT $1, $2, f.ref, f.error FROM unnest($3::text[], $4::text[]) AS f(ref, error)`,
      [tenantId, runId, failures.map((f) => f.ref), failures.map((f) => f.error)],
    );
  }

  // Newest first, keyset on (started_at, id).
  listRuns(m: EntityManager, connectionId: string, cursor: { micros: string; id: string } | null, limit: number): Promise<RunRow[]> {
    const params: unknown[] = [connectionId, limit];
    let where = '';
    if (cursor) {
      params.push(cursor.micros, cursor.id);
      where = `AND ((extract(epoch from started_at) * 1000000)::bigint, id) < ($3::bigint, $4::uuid)`;
    }
    return queryRows<RunRow>(m, `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE connection_id = $1 ${where} ORDER BY started_at DESC, id DESC LIMIT $2`, params);
  }

  async findRun(m: EntityManager, connectionId: string, runId: string): Promise<RunRow | null> {
    const rows = await queryRows<RunRow>(m, `SELECT ${RUN_COLUMNS} FROM sync_runs WHERE connection_id = $1 AND id = $2`, [connectionId, runId]);
    return rows[0] ?? null;
  }

  runFailures(m: EntityManager, runId: string, limit: number): Promise<Array<{ sourceRef: string; error: string; createdAt: Date }>> {
    return queryRows(m, `SELECT source_ref AS "sourceRef", error, created_at AS "createdAt" FROM sync_run_failures WHERE run_id = $1 ORDER BY id LIMIT $2`, [runId, limit]);
  }
}
